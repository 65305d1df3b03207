package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/gin-gonic/gin"
	"go.temporal.io/sdk/client"

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
	conns, err := config.NewConnections(cfg.Connections...)
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	m, err := metrics.New(logger)
	if err != nil {
		return err
	}
	defer m.Close()
	c, err := dialTemporal(cfg.Temporal, logger, m)
	if err != nil {
		return err
	}
	defer c.Close()

	fatal := make(chan error, 2)
	var gatewaySrv, healthSrv *http.Server
	var stopWorker func()

	if role == roleWorker || role == roleServe {
		cfg.Worker.ShutdownTimeout = max(cfg.Worker.ShutdownTimeout, time.Second)
		w := newWorker(c, newActivities(conns, cfg.Gateway.PublicURL, m), cfg.Worker)
		if err := w.Start(); err != nil {
			return fmt.Errorf("starting the worker: %w", err)
		}
		stopWorker = w.Stop
		if role == roleWorker {
			l, err := net.Listen("tcp", cfg.Worker.MetricsListen)
			if err != nil {
				w.Stop()
				return fmt.Errorf("CJLEVER_WORKER_METRICS_LISTEN=%s: %w", cfg.Worker.MetricsListen, err)
			}
			var errc <-chan error
			healthSrv, errc = httpServer(l, workerHealthHandler(c, m))
			go forward(errc, fatal)
		}
	}
	if role == roleGateway || role == roleServe {
		l, err := net.Listen("tcp", cfg.Gateway.Listen)
		if err != nil {
			if stopWorker != nil {
				stopWorker()
			}
			return fmt.Errorf("CJLEVER_LISTEN=%s: %w", cfg.Gateway.Listen, err)
		}
		var errc <-chan error
		gatewaySrv, errc = httpServer(l, newGatewayHandler(c, conns, cfg, m, logger))
		go forward(errc, fatal)
	}
	started := []any{"temporal", cfg.Temporal.Address, "namespace", cfg.Temporal.Namespace, "connections", conns.IDs()}
	if gatewaySrv != nil {
		started = append(started, "listen", cfg.Gateway.Listen)
	}
	if healthSrv != nil {
		started = append(started, "metrics_listen", cfg.Worker.MetricsListen)
	}
	logger.Info("cjlever started", started...)

	var runErr error
	select {
	case <-ctx.Done():
		logger.Info("shutting down", "gatewayTimeout", cfg.Gateway.ShutdownTimeout, "workerTimeout", cfg.Worker.ShutdownTimeout)
	case runErr = <-fatal:
		logger.Error("stopping after a fatal error", "error", runErr)
	}
	// Stop taking webhooks first, then let the worker finish its activities.
	if gatewaySrv != nil {
		shutdownHTTP(gatewaySrv, cfg.Gateway.ShutdownTimeout, logger)
	}
	if stopWorker != nil {
		stopWorker()
	}
	if healthSrv != nil {
		shutdownHTTP(healthSrv, 5*time.Second, logger)
	}
	logger.Info("stopped")
	return runErr
}

func forward(from <-chan error, to chan<- error) {
	if err, ok := <-from; ok {
		to <- err
	}
}

// workerHealthHandler serves a worker process's /metrics, /healthz and
// /readyz (Temporal reachable).
func workerHealthHandler(c client.Client, m *metrics.Metrics) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "application/json")
		if _, err := c.CheckHealth(ctx, &client.CheckHealthRequest{}); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"status":"temporal unreachable"}`))
			return
		}
		_, _ = w.Write([]byte(`{"status":"ready"}`))
	})
	return mux
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
