package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/cjlever/cjlever/activities"
	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/codec"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/connections"
	"github.com/cjlever/cjlever/gateway"
	"github.com/cjlever/cjlever/gateway/admin"
	"github.com/cjlever/cjlever/metrics"
	"github.com/cjlever/cjlever/ops"
	"github.com/cjlever/cjlever/worker"
	"github.com/cjlever/cjlever/workflows"
)

// dialTemporal connects to Temporal following the SDK's conventions: mTLS
// client certificates, or an API key (Temporal Cloud), or plain gRPC. Every
// payload and failure message it writes is encrypted with ring.
func dialTemporal(cfg config.Temporal, ring *codec.KeyRing, logger *slog.Logger, m *metrics.Metrics) (client.Client, error) {
	opts := client.Options{
		HostPort:         cfg.Address,
		Namespace:        cfg.Namespace,
		Logger:           sdklog.NewStructuredLogger(logger.With("component", "temporal-sdk")),
		DataConverter:    ring.DataConverter(),
		FailureConverter: ring.FailureConverter(),
	}
	if m != nil {
		opts.MetricsHandler = m.SDKHandler()
	}
	if cfg.TLSEnabled() {
		tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: cfg.TLSServerName}
		if cfg.TLSCertFile != "" {
			cert, err := tls.LoadX509KeyPair(cfg.TLSCertFile, cfg.TLSKeyFile)
			if err != nil {
				return nil, fmt.Errorf("TEMPORAL_TLS_CLIENT_CERT_PATH/KEY_PATH: %w", err)
			}
			tlsCfg.Certificates = []tls.Certificate{cert}
		}
		if cfg.TLSCAFile != "" {
			pem, err := os.ReadFile(cfg.TLSCAFile)
			if err != nil {
				return nil, fmt.Errorf("TEMPORAL_TLS_SERVER_CA_CERT_PATH: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return nil, errors.New("TEMPORAL_TLS_SERVER_CA_CERT_PATH: no PEM certificate in the file")
			}
			tlsCfg.RootCAs = pool
		}
		opts.ConnectionOptions.TLS = tlsCfg
	}
	if cfg.APIKey.IsSet() {
		opts.Credentials = client.NewAPIKeyStaticCredentials(cfg.APIKey.Reveal())
	}
	c, err := client.Dial(opts)
	if err != nil {
		return nil, fmt.Errorf("connecting to Temporal at %s (namespace %s): %w", cfg.Address, cfg.Namespace, err)
	}
	return c, nil
}

// newActivities builds the activities with one client per connection, read
// from the directory, which also hands out OAuth access tokens.
func newActivities(c client.Client, dir *connections.Directory, cfg config.Config, envs map[string]lever.Environment, m *metrics.Metrics) *activities.Activities {
	opts := activities.ClientOptions{LeverTokens: dir}
	if m != nil {
		opts.Observe, opts.OnBreakerState = m.ObserveAPICall, m.BreakerStateChanged
	}
	return &activities.Activities{
		Accounts:      activities.NewConnectionAccounts(dir, cfg.Gateway.PublicURL, opts),
		OAuth:         oauthApp(cfg),
		Environments:  envs,
		Temporal:      c,
		ClientOptions: opts,
	}
}

// newWorker builds the Temporal worker. On Stop it stops polling at once and
// lets running activities finish for up to cfg.ShutdownTimeout. A failure
// that ends the worker goes to onFatal.
func newWorker(c client.Client, acts *activities.Activities, cfg config.Worker, identity string, onFatal func(error)) sdkworker.Worker {
	return worker.New(c, acts, sdkworker.Options{
		Identity:                           identity,
		MaxConcurrentActivityExecutionSize: cfg.MaxConcurrentActivities,
		TaskQueueActivitiesPerSecond:       cfg.TaskQueueActivitiesPerSecond,
		WorkerStopTimeout:                  cfg.ShutdownTimeout,
		OnFatalError:                       onFatal,
	})
}

// workerIdentity names this process's worker, as its pollers show in
// Temporal (and as its readiness looks them up).
func workerIdentity() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%d@%s@cjlever", os.Getpid(), host)
}

// connectionsSyncInterval is how soon a worker process serves the Lever
// queue of a connection added while it runs, when it was added through
// another process (connectionChanges covers this process's own).
const connectionsSyncInterval = 10 * time.Second

// workerSetup is what startWorker needs besides the Temporal client and the
// activities.
type workerSetup struct {
	cfg config.Worker
	// timing is what the reconciliation runs start assessments with.
	timing   workflows.Timing
	identity string
	// listConnections names the connections to serve; changes says at once
	// when this process changed one.
	listConnections func(context.Context) ([]string, error)
	changes         <-chan struct{}
	logger          *slog.Logger
}

// startWorker starts the worker, and a Lever worker and a reconciliation
// schedule for each connection that listConnections names (again every
// connectionsSyncInterval, and at once on a change), as a part of the
// process.
func startWorker(c client.Client, acts *activities.Activities, ws workerSetup) (part, error) {
	fatal := make(chan error, 1)
	onFatal := func(err error) {
		select {
		case fatal <- err:
		default:
		}
	}
	if ws.cfg.CachedWorkflows > 0 {
		// The SDK keeps one cache for every worker of the process.
		sdkworker.SetStickyWorkflowCacheSize(ws.cfg.CachedWorkflows)
	}
	w := newWorker(c, acts, ws.cfg, ws.identity, onFatal)
	if err := w.Start(); err != nil {
		return part{}, fmt.Errorf("starting the worker: %w", err)
	}
	lever := worker.NewLeverWorkers(c, acts, sdkworker.Options{
		Identity:                           ws.identity,
		MaxConcurrentActivityExecutionSize: ws.cfg.MaxConcurrentActivities,
		TaskQueueActivitiesPerSecond:       ws.cfg.LeverRequestsPerSecond,
		WorkerStopTimeout:                  ws.cfg.ShutdownTimeout,
		OnFatalError:                       onFatal,
	})
	sync := connectionSync(ws, lever, worker.NewReconcileSchedules(c, ws.cfg.ReconcileInterval, ws.timing))
	if err := sync(context.Background()); err != nil {
		lever.Stop()
		w.Stop()
		return part{}, err
	}
	ctx, stop := context.WithCancel(context.Background())
	synced := make(chan struct{})
	go func() {
		defer close(synced)
		keepInSync(ctx, sync, ws.changes, ws.logger)
	}()
	return part{
		name: "worker",
		wait: func() error {
			select {
			case err := <-fatal:
				return err
			case <-ctx.Done():
				return nil
			}
		},
		stop: func() {
			stop()
			<-synced
			lever.Stop()
			w.Stop()
		},
	}, nil
}

// connectionSync brings the Lever workers and the reconciliation schedules
// in line with the connections to serve.
func connectionSync(ws workerSetup, lever *worker.LeverWorkers, schedules *worker.ReconcileSchedules) func(context.Context) error {
	return func(ctx context.Context) error {
		ids, err := ws.listConnections(ctx)
		if err == nil {
			err = lever.Sync(ids)
		}
		if err == nil {
			err = schedules.Sync(ctx, ids)
		}
		return err
	}
}

// keepInSync runs sync every connectionsSyncInterval and on each changes
// until ctx ends. A failed sync is logged and tried again at the next turn:
// a blip of Temporal's visibility must not stop a worker that is serving
// the connections it already knows.
func keepInSync(ctx context.Context, sync func(context.Context) error, changes <-chan struct{}, logger *slog.Logger) {
	tick := time.NewTicker(connectionsSyncInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-changes:
		}
		if err := sync(ctx); err != nil && ctx.Err() == nil {
			logger.Warn("could not bring the served connections up to date; trying again", "error", err, "in", connectionsSyncInterval)
		}
	}
}

// newGatewayHandler is the gateway's router, with the settings page over
// dir (its changes notified to changes) and the Temporal codec endpoint
// codecHandler, plus /metrics.
func newGatewayHandler(c client.Client, dir *connections.Directory, changes connectionChanges, cfg config.Config, codecHandler http.Handler, m *metrics.Metrics, logger *slog.Logger) http.Handler {
	deps := gateway.Deps{
		Codec:       codecHandler,
		Connections: dir,
		Admin: admin.Options{
			Password:      cfg.Gateway.AdminPassword,
			SessionSecret: cfg.Gateway.AdminSessionSecret,
			PublicURL:     cfg.Gateway.PublicURL,
			Environments:  dir.EnvironmentNames(),
			Store:         changeNotifyingStore{Directory: dir, changes: changes},
		},
		Workflows:    gateway.NewTemporalWorkflows(c),
		Ops:          ops.New(c, ops.Options{Logger: logger.With("component", "ops")}),
		OpsToken:     cfg.Gateway.OpsToken,
		Logger:       logger.With("component", "gateway"),
		Timing:       timing(cfg.Assessment),
		MaxBodyBytes: cfg.Gateway.MaxBodyBytes,
		ReplayWindow: cfg.Gateway.ReplayWindow,
		ClockSkew:    cfg.Gateway.ClockSkew,
	}
	if m != nil {
		deps.Metrics = m
	}
	router := gateway.NewRouter(deps)
	if m == nil {
		return router
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	mux.Handle("/", router)
	return mux
}

func timing(a config.Assessment) workflows.Timing {
	return workflows.Timing{PollInterval: a.PollInterval, GracePeriod: a.GracePeriod,
		AttentionWindow: a.AttentionWindow, OutageBound: a.OutageBound, ReminderBefore: a.ReminderBefore}
}

// HTTP server bounds. Webhook and callback bodies are small: a client that
// trickles one for longer than httpReadTimeout is cut off, so it cannot hold
// connections open. Handlers answer within their own Temporal call
// deadlines, well inside httpWriteTimeout.
const (
	httpReadHeaderTimeout = 5 * time.Second
	httpReadTimeout       = 15 * time.Second
	httpWriteTimeout      = 30 * time.Second
	httpIdleTimeout       = 2 * time.Minute
)

// httpServer serves h on l until Shutdown; errors other than a clean close
// arrive on the returned channel.
func httpServer(l net.Listener, h http.Handler) (*http.Server, <-chan error) {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: httpReadHeaderTimeout,
		ReadTimeout:       httpReadTimeout,
		WriteTimeout:      httpWriteTimeout,
		IdleTimeout:       httpIdleTimeout,
	}
	errc := make(chan error, 1)
	go func() {
		err := srv.Serve(l)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		errc <- err
	}()
	return srv, errc
}

// httpPart serves h on l as a part of the process; stopping it lets
// in-flight requests finish for up to stopTimeout.
func httpPart(name string, l net.Listener, h http.Handler, stopTimeout time.Duration, logger *slog.Logger) part {
	srv, errc := httpServer(l, h)
	return part{
		name: name,
		wait: func() error { return <-errc },
		stop: func() { shutdownHTTP(srv, stopTimeout, logger) },
	}
}

// shutdownHTTP stops accepting and waits up to timeout for in-flight requests.
func shutdownHTTP(srv *http.Server, timeout time.Duration, logger *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		logger.Warn("in-flight requests did not finish in time", "timeout", timeout, "error", err)
		_ = srv.Close()
	}
}
