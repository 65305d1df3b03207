package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"

	"go.temporal.io/sdk/client"

	"github.com/cjlever/cjlever/metrics"
	"github.com/cjlever/cjlever/readiness"
)

// workerHealthHandler serves a worker process's /metrics, /healthz (the
// process is up) and /readyz (Temporal can dispatch a workflow task and this
// worker polls for it), ready only once the connections file it applies at
// start is in Temporal (applied): before that a gateway would answer those
// connections' webhooks "unknown connection".
func workerHealthHandler(c client.Client, m *metrics.Metrics, identity string, applied *atomic.Bool, logger *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	})
	mux.Handle("GET /readyz", readiness.Handler(func(ctx context.Context) error {
		if !applied.Load() {
			return fmt.Errorf("%w: the connections file is being applied", readiness.ErrStarting)
		}
		return readiness.CheckWorker(ctx, c, identity)
	}, readiness.Timeout, logger))
	return mux
}
