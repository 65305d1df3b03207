package main

import (
	"net/http"

	"go.temporal.io/sdk/client"

	"github.com/cjlever/cjlever/metrics"
)

// workerHealthHandler serves a worker process's /metrics, /healthz (the
// process is up) and /readyz (workerReady: Temporal can dispatch a workflow
// task and this worker polls for it).
func workerHealthHandler(c client.Client, m *metrics.Metrics, identity string) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if err := workerReady(r.Context(), c, identity); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"status":"not ready"}`))
			return
		}
		_, _ = w.Write([]byte(`{"status":"ready"}`))
	})
	return mux
}
