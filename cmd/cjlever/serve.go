package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"go.temporal.io/sdk/client"

	"github.com/cjlever/cjlever/activities"
	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/codec"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/metrics"
)

// Roles a production process can take.
const (
	roleGateway = "gateway" // HTTP: webhooks, callbacks, health, /metrics
	roleWorker  = "worker"  // Temporal worker, with /metrics and health on its own port
	roleServe   = "serve"   // both in one process
)

// runProduction runs a gateway and/or a worker against a Temporal cluster,
// configured by environment variables (see the README's table), until
// SIGTERM or SIGINT; then it drains and stops within the configured bounds.
func runProduction(ctx context.Context, role string, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%s takes no arguments: it is configured by environment variables (see README)", role)
	}
	cfg, err := config.Load(os.LookupEnv)
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	logger, err := newLogger(cfg.Log.Format, cfg.Log.Level)
	if err != nil {
		return err
	}
	logger = logger.With("role", role)
	ps, err := startProduction(role, cfg, devLeverEnvironments(os.LookupEnv), logger)
	if err != nil {
		ps.stopAll()
		return err
	}
	logger.Info("cjlever started", "temporal", cfg.Temporal.Address, "namespace", cfg.Temporal.Namespace)
	if err := ps.run(ctx); err != nil {
		logger.Error("stopped after a failure", "error", err)
		return err
	}
	logger.Info("stopped")
	return nil
}

// startProduction starts the role's parts. The gateway starts last so that
// it stops first: stop taking webhooks, then let the worker finish its
// activities. extraEnvs are Lever environments beyond production and sandbox
// (a dev build's emulator). On error, the parts started so far are returned
// for stopping.
func startProduction(role string, cfg config.Config, extraEnvs []lever.Environment, logger *slog.Logger) (parts, error) {
	m, err := metrics.New(logger)
	if err != nil {
		return nil, err
	}
	ps := parts{{name: "metrics", stop: m.Close}}
	ring, err := codec.ParseKeyRing(cfg.Codec.Keys.Reveal())
	if err != nil {
		return ps, fmt.Errorf("configuration: CJLEVER_CODEC_KEYS: %w", err)
	}
	c, err := dialTemporal(cfg.Temporal, ring, logger, m)
	if err != nil {
		return ps, err
	}
	ps = append(ps, part{name: "temporal client", stop: c.Close})
	envs := leverEnvironments(extraEnvs...)
	dir := newDirectory(c, cfg, envs)
	// A worker and gateway in one process: the settings page wakes the
	// worker when it changes a connection.
	var changes connectionChanges
	if role == roleServe {
		changes = newConnectionChanges()
	}
	// The worker applies the connections file: applying waits for a worker
	// to run each connection's workflow, which a gateway alone has not.
	if role == roleWorker || role == roleServe {
		acts := newActivities(c, dir, cfg, envs, m)
		var applied atomic.Bool
		if ps, err = startWorkerRole(ps, role, c, acts, activeConnections(dir, cfg.Connections), changes, cfg, m, &applied, logger); err != nil {
			return ps, err
		}
		if err := applyConnections(context.Background(), dir, cfg.Connections, logger); err != nil {
			return ps, err
		}
		applied.Store(true)
	}
	if role == roleGateway || role == roleServe {
		l, err := net.Listen("tcp", cfg.Gateway.Listen)
		if err != nil {
			return ps, fmt.Errorf("CJLEVER_LISTEN=%s: %w", cfg.Gateway.Listen, err)
		}
		logger.Info("gateway listening", "listen", cfg.Gateway.Listen)
		ps = append(ps, httpPart("gateway", l, newGatewayHandler(c, dir, changes, cfg, codec.NewHTTPHandler(ring, cfg.Codec.AllowedOrigins), m, logger), cfg.Gateway.ShutdownTimeout, logger))
	}
	return ps, nil
}

// healthShutdownTimeout bounds the last /metrics scrape or probe at stop.
const healthShutdownTimeout = 5 * time.Second

// startWorkerRole starts the worker and, in a worker-only process, the
// listener for its /metrics and health, which stops after the worker and is
// ready once applied says the connections file is applied.
func startWorkerRole(ps parts, role string, c client.Client, acts *activities.Activities, listConnections func(context.Context) ([]string, error), changes <-chan struct{}, cfg config.Config, m *metrics.Metrics, applied *atomic.Bool, logger *slog.Logger) (parts, error) {
	wcfg := cfg.Worker
	wcfg.ShutdownTimeout = max(wcfg.ShutdownTimeout, time.Second)
	identity := workerIdentity()
	if role == roleWorker {
		l, err := net.Listen("tcp", wcfg.MetricsListen)
		if err != nil {
			return ps, fmt.Errorf("CJLEVER_WORKER_METRICS_LISTEN=%s: %w", wcfg.MetricsListen, err)
		}
		logger.Info("worker health listening", "metrics_listen", wcfg.MetricsListen)
		ps = append(ps, httpPart("worker health", l, workerHealthHandler(c, m, identity, applied, logger), healthShutdownTimeout, logger))
	}
	w, err := startWorker(c, acts, workerSetup{cfg: wcfg, timing: timing(cfg.Assessment), identity: identity,
		listConnections: listConnections, changes: changes, logger: logger})
	if err != nil {
		return ps, err
	}
	return append(ps, w), nil
}

// runProbe is the container health check (the image has no shell or curl):
// exit 0 when the URL answers 2xx within 4 seconds.
func runProbe(ctx context.Context, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("probe: want one URL, e.g. http://127.0.0.1:8080/readyz")
	}
	ctx, cancel := context.WithTimeout(ctx, 4*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, args[0], nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("probe: %s answered %s", args[0], resp.Status)
	}
	return nil
}

// quietGin keeps gin's route listing off stdout unless GIN_MODE says otherwise.
func quietGin() {
	if os.Getenv(gin.EnvGinMode) == "" {
		gin.SetMode(gin.ReleaseMode)
	}
}
