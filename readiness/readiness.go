// Package readiness answers a /readyz probe for both of cjlever's roles: the
// gateway and the worker can only do their job while the Temporal frontend
// answers, so both ask it the same way and answer the same JSON.
package readiness

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"go.temporal.io/sdk/client"
)

// Check asks the Temporal frontend's gRPC health service whether it serves.
//
// It sets no deadline of its own: only the caller knows how long its prober
// waits (Handler's timeout, a kubelet's timeoutSeconds), and an answer that
// comes after the prober gave up is worth nothing. Without a deadline on ctx
// the call waits as long as gRPC keeps trying to connect.
func Check(ctx context.Context, c client.Client) error {
	_, err := c.CheckHealth(ctx, &client.CheckHealthRequest{})
	return err
}

// Handler serves GET /readyz: 200 {"status":"ready"} when check passes within
// timeout, otherwise 503 {"error":"temporal unavailable"} and a warning on
// log. The reply names no cause: the error may describe our network to
// whoever can reach the probe, so it goes to the log only.
func Handler(check func(context.Context) error, timeout time.Duration, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		if err := check(ctx); err != nil {
			log.WarnContext(r.Context(), "not ready", "error", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "temporal unavailable"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
}

func writeJSON(w http.ResponseWriter, status int, body map[string]string) {
	b, _ := json.Marshal(body) // a map of strings always marshals
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
