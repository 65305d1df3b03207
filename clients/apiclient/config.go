package apiclient

import (
	"net/http"
	"time"

	"golang.org/x/time/rate"
)

// Config configures the client of one API for one account. It is the Config
// of clients/lever and clients/codejudge (both aliases), whose docs say how
// their API uses it; zero values take defaults.
type Config struct {
	// BaseURL defaults to the API's production URL; an emulator's is e.g.
	// http://localhost:8081/v1.
	BaseURL string
	// APIKey authenticates requests; each client says how it is sent.
	APIKey string
	// HTTPClient defaults to one with a 30s timeout.
	HTTPClient *http.Client
	// Account names the breaker and metrics, e.g. the connection id
	// (default "default").
	Account string
	// RequestsPerSecond and Burst pace requests. Zero takes the API's
	// documented limit; a negative RequestsPerSecond disables pacing (tests).
	RequestsPerSecond float64
	Burst             int
	// MaxAttempts bounds in-call retries of idempotent requests (default 3).
	MaxAttempts int
	// The breaker opens after BreakerFailures consecutive transient failures
	// (default 5) for BreakerOpenFor (default 30s).
	BreakerFailures uint32
	BreakerOpenFor  time.Duration
	// MaxResponseBytes bounds a success body (default 8 MiB,
	// DefaultMaxResponseBytes); a larger answer fails the call with a
	// KindPermanent error.
	MaxResponseBytes int64

	Observe        Observer
	OnBreakerState BreakerObserver
}

// API is what a client package knows of its API: its name and documented
// defaults.
type API struct {
	Service        string // names errors and metrics
	DefaultBaseURL string
	// RequestsPerSecond and Burst are the documented rate limit.
	RequestsPerSecond float64
	Burst             int
}

// Options turns cfg into the Options of a Client of api. authorize sets each
// request's credentials; it may be nil.
func (cfg Config) Options(api API, authorize func(*http.Request)) Options {
	if cfg.BaseURL == "" {
		cfg.BaseURL = api.DefaultBaseURL
	}
	if cfg.Account == "" {
		cfg.Account = "default"
	}
	return Options{
		Service:          api.Service,
		Account:          cfg.Account,
		BaseURL:          cfg.BaseURL,
		HTTPClient:       cfg.HTTPClient,
		Authorize:        authorize,
		Limiter:          cfg.limiter(api),
		MaxAttempts:      cfg.MaxAttempts,
		BreakerFailures:  cfg.BreakerFailures,
		BreakerOpenFor:   cfg.BreakerOpenFor,
		MaxResponseBytes: cfg.MaxResponseBytes,
		Observe:          cfg.Observe,
		OnBreakerState:   cfg.OnBreakerState,
	}
}

// limiter paces at cfg's rate, or api's where cfg leaves it zero; a negative
// RequestsPerSecond means no limiter.
func (cfg Config) limiter(api API) *rate.Limiter {
	perSecond, burst := cfg.RequestsPerSecond, cfg.Burst
	if perSecond < 0 {
		return nil
	}
	if perSecond == 0 {
		perSecond = api.RequestsPerSecond
	}
	if burst <= 0 {
		burst = api.Burst
	}
	return rate.NewLimiter(rate.Limit(perSecond), burst)
}
