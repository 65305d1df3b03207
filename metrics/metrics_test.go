package metrics

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sony/gobreaker/v2"
	"github.com/stretchr/testify/require"
)

func TestMetricsAreServedInPrometheusFormat(t *testing.T) {
	m, err := New(slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	m.WebhookOutcome("lever", "candidateStageChange", "started", "")
	m.ObserveAPICall("lever", "GET /opportunities/:id", 200, 30*time.Millisecond)
	m.BreakerStateChanged("codejudge", "codejudge/acme", gobreaker.StateClosed, gobreaker.StateOpen)
	m.SDKHandler().WithTags(map[string]string{"state": "Invited"}).Counter("cjlever_assessment_state_transitions").Inc(1)
	m.Close() // flushes the SDK scope

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	out := string(body)
	require.Contains(t, out, `cjlever_webhooks_total{event="candidateStageChange",outcome="started",reason="",source="lever"} 1`)
	require.Contains(t, out, `cjlever_api_requests_total{op="GET /opportunities/:id",service="lever",status="200"} 1`)
	require.Contains(t, out, `cjlever_circuit_breaker_state{breaker="codejudge/acme",service="codejudge"} 2`)
	require.Contains(t, out, `cjlever_assessment_state_transitions_total{state="Invited"} 1`)
	require.Contains(t, out, "go_goroutines")
}

func TestTwoInstancesDoNotCollide(t *testing.T) {
	// Nothing is registered globally: a second process-local instance works.
	for range 2 {
		m, err := New(slog.New(slog.DiscardHandler))
		require.NoError(t, err)
		m.Close()
	}
}
