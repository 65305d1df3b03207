// Package metrics serves cjlever's Prometheus metrics: the Temporal SDK's own
// (through its tally handler), and ours: webhooks by outcome, API calls by
// service and status, circuit breaker states. Assessments by state come from
// the workflows through the SDK's replay-safe metrics handler.
//
// Each process builds one Metrics and passes it to what it runs; nothing is
// registered globally.
package metrics

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/sony/gobreaker/v2"
	"github.com/uber-go/tally/v4"
	tallyprom "github.com/uber-go/tally/v4/prometheus"
	"go.temporal.io/sdk/client"
	sdktally "go.temporal.io/sdk/contrib/tally"
)

// Metrics is one process's registry and the collectors cjlever records to.
type Metrics struct {
	registry *prometheus.Registry
	sdk      client.MetricsHandler
	closer   func()
	webhooks *prometheus.CounterVec
	apiCalls *prometheus.CounterVec
	apiTime  *prometheus.HistogramVec
	breakers *prometheus.GaugeVec
}

// New builds the registry with Go runtime and process collectors, the SDK's
// metrics and cjlever's own.
func New(logger *slog.Logger) (*Metrics, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	// tallyprom.NewReporter, not Configuration.NewReporter: the latter also
	// registers a handler on http.DefaultServeMux, which is global.
	reporter := tallyprom.NewReporter(tallyprom.Options{
		Registerer:       reg,
		DefaultTimerType: tallyprom.HistogramTimerType,
		OnRegisterError:  func(err error) { logger.Warn("metrics: SDK metric registration failed", "error", err) },
	})
	scope, closer := tally.NewRootScope(tally.ScopeOptions{
		CachedReporter:  reporter,
		Separator:       tallyprom.DefaultSeparator,
		SanitizeOptions: &sdktally.PrometheusSanitizeOptions,
	}, time.Second)

	m := &Metrics{
		registry: reg,
		sdk:      sdktally.NewMetricsHandler(sdktally.NewPrometheusNamingScope(scope)),
		closer:   func() { _ = closer.Close() },
		webhooks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cjlever_webhooks_total",
			Help: "Webhooks and callbacks handled, by source, event, outcome (started, duplicate, signalled, ignored, refused, failed) and reason.",
		}, []string{"source", "event", "outcome", "reason"}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cjlever_api_requests_total",
			Help: "HTTP requests to Lever and Codejudge, by service, operation and status (0: no response).",
		}, []string{"service", "op", "status"}),
		apiTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "cjlever_api_request_duration_seconds",
			Help:    "Latency of HTTP requests to Lever and Codejudge.",
			Buckets: prometheus.DefBuckets,
		}, []string{"service", "op"}),
		breakers: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "cjlever_circuit_breaker_state",
			Help: "Circuit breaker state per API account: 0 closed, 1 half-open, 2 open.",
		}, []string{"service", "breaker"}),
	}
	reg.MustRegister(m.webhooks, m.apiCalls, m.apiTime, m.breakers)
	return m, nil
}

// Handler serves /metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// SDKHandler is the Temporal client's metrics handler (client.Options.MetricsHandler).
func (m *Metrics) SDKHandler() client.MetricsHandler { return m.sdk }

// Close flushes the SDK's metrics scope.
func (m *Metrics) Close() { m.closer() }

// WebhookOutcome implements gateway.Metrics.
func (m *Metrics) WebhookOutcome(source, event, outcome, reason string) {
	m.webhooks.WithLabelValues(source, event, outcome, reason).Inc()
}

// ObserveAPICall is an apiclient.Observer.
func (m *Metrics) ObserveAPICall(service, op string, status int, elapsed time.Duration) {
	m.apiCalls.WithLabelValues(service, op, strconv.Itoa(status)).Inc()
	m.apiTime.WithLabelValues(service, op).Observe(elapsed.Seconds())
}

// BreakerStateChanged is an apiclient.BreakerObserver.
func (m *Metrics) BreakerStateChanged(service, name string, _, to gobreaker.State) {
	var v float64
	switch to {
	case gobreaker.StateHalfOpen:
		v = 1
	case gobreaker.StateOpen:
		v = 2
	}
	m.breakers.WithLabelValues(service, name).Set(v)
}
