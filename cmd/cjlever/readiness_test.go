//go:build !nodev

package main

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/metrics"
)

// TestWorkerReadyOnlyWhenItPolls: a worker's /readyz needs Temporal able to
// dispatch (frontend, matching, history) and this worker's pollers on the
// task queue; Temporal merely answering is not enough.
func TestWorkerReadyOnlyWhenItPolls(t *testing.T) {
	env := startTestDev(t)
	c := temporalClient(t, env)
	m, err := metrics.New(env.logger)
	require.NoError(t, err)
	t.Cleanup(m.Close)
	var applied atomic.Bool
	status := func(identity string) int {
		rec := httptest.NewRecorder()
		workerHealthHandler(c, m, identity, &applied, slog.New(slog.DiscardHandler)).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		return rec.Code
	}
	require.Equal(t, http.StatusServiceUnavailable, status(workerIdentity()), "the connections file not yet applied")
	applied.Store(true)
	eventually(t, "the dev stack's worker is ready", func() bool { return status(workerIdentity()) == http.StatusOK })
	require.Equal(t, http.StatusServiceUnavailable, status("a-worker-that-never-polled"))

	env.temporal.Stop()
	require.Equal(t, http.StatusServiceUnavailable, status(workerIdentity()), "Temporal stopped")
}
