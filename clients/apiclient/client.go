package apiclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sony/gobreaker/v2"
	"golang.org/x/time/rate"
)

// Observer receives one call per HTTP attempt, for metrics. status is 0 when
// no response arrived.
type Observer func(service, op string, status int, elapsed time.Duration)

// BreakerObserver receives breaker state changes, for metrics and logs.
type BreakerObserver func(service, name string, from, to gobreaker.State)

// Options configure a Client. One Client serves one account: its breaker and
// rate limiter are that account's.
type Options struct {
	Service string // "lever" or "codejudge": names errors and metrics
	Account string // names the breaker, e.g. the connection id
	BaseURL string // e.g. https://api.lever.co/v1

	// HTTPClient carries authentication where the transport does it (oauth2).
	HTTPClient *http.Client
	// Authorize sets credentials on each request (API keys); may be nil.
	Authorize func(*http.Request)

	// Limiter paces requests (e.g. Lever's 10/s, bursts to 20); nil means none.
	Limiter *rate.Limiter

	// MaxAttempts bounds in-call retries of idempotent requests; 1 disables them.
	// Keep it small: the Temporal activity retry policy is the long-haul retry.
	MaxAttempts int
	BaseBackoff time.Duration
	MaxBackoff  time.Duration

	// Breaker: opens after BreakerFailures consecutive transient failures and
	// stays open for BreakerOpenFor.
	BreakerFailures uint32
	BreakerOpenFor  time.Duration

	// MaxResponseBytes bounds a success body (default
	// DefaultMaxResponseBytes); a larger one fails the call, not the worker.
	MaxResponseBytes int64

	Observe        Observer
	OnBreakerState BreakerObserver
	UserAgent      string
}

// Client sends JSON requests to one API for one account.
type Client struct {
	opts    Options
	base    *url.URL
	breaker *gobreaker.CircuitBreaker[*http.Response]
	// breakerOpened is when the breaker last opened (unix nanoseconds), so a
	// refused call says how long the breaker stays open, not its full period.
	breakerOpened atomic.Int64
}

// DefaultMaxResponseBytes bounds a success body when Options leave
// MaxResponseBytes zero: far above any answer these APIs give, far below what
// would hurt a worker.
const DefaultMaxResponseBytes = 8 << 20

// New builds a Client; it fails on a base URL it cannot parse.
func New(opts Options) (*Client, error) {
	base, err := url.Parse(strings.TrimRight(opts.BaseURL, "/"))
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("%s: base URL %q is not an absolute URL", opts.Service, opts.BaseURL)
	}
	opts = opts.withDefaults()
	c := &Client{opts: opts, base: base}
	c.breaker = newBreaker(opts, func(to gobreaker.State) {
		if to == gobreaker.StateOpen {
			c.breakerOpened.Store(time.Now().UnixNano())
		}
	})
	return c, nil
}

// withDefaults fills the zero fields of opts.
func (opts Options) withDefaults() Options {
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 3
	}
	if opts.BaseBackoff <= 0 {
		opts.BaseBackoff = 200 * time.Millisecond
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 5 * time.Second
	}
	if opts.BreakerFailures == 0 {
		opts.BreakerFailures = 5
	}
	if opts.BreakerOpenFor <= 0 {
		opts.BreakerOpenFor = 30 * time.Second
	}
	if opts.MaxResponseBytes <= 0 {
		opts.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "cjlever"
	}
	return opts
}

// breakerOpenLeft is how long the open breaker still refuses calls: a retry
// after it gets the half-open breaker's trial call. At least a second.
func (c *Client) breakerOpenLeft() time.Duration {
	opened := time.Unix(0, c.breakerOpened.Load())
	return max(time.Until(opened.Add(c.opts.BreakerOpenFor)), time.Second)
}

// newBreaker builds the account's circuit breaker; changed hears each change
// of its state.
func newBreaker(opts Options, changed func(to gobreaker.State)) *gobreaker.CircuitBreaker[*http.Response] {
	return gobreaker.NewCircuitBreaker[*http.Response](gobreaker.Settings{
		Name:    opts.Service + "/" + opts.Account,
		Timeout: opts.BreakerOpenFor,
		ReadyToTrip: func(counts gobreaker.Counts) bool {
			return counts.ConsecutiveFailures >= opts.BreakerFailures
		},
		// Only failures that say the service is unwell count against it: a 404
		// or a 422 is the service working as designed.
		IsSuccessful: func(err error) bool {
			e, ok := As(err)
			return err == nil || (ok && !e.Retryable())
		},
		IsExcluded: func(err error) bool {
			return errors.Is(err, context.Canceled)
		},
		OnStateChange: func(name string, from, to gobreaker.State) {
			changed(to)
			if opts.OnBreakerState != nil {
				opts.OnBreakerState(opts.Service, name, from, to)
			}
		},
	})
}

// Call describes one API request.
type Call struct {
	Method string
	Path   string // joined to the base URL; already escaped
	Op     string // a stable name for errors and metrics, e.g. "GET /opportunities/:id"
	Query  url.Values
	Header http.Header
	Body   any // encoded as JSON when non-nil
	// Idempotent requests are retried within the call on transient failures.
	Idempotent bool
}

// Do sends the call and decodes a 2xx JSON body into out (which may be nil).
// Failures are *Error.
func (c *Client) Do(ctx context.Context, call Call, out any) error {
	var body []byte
	if call.Body != nil {
		b, err := json.Marshal(call.Body)
		if err != nil {
			return &Error{Service: c.opts.Service, Op: call.Op, Kind: KindPermanent, Message: "encoding request: " + err.Error(), Err: err}
		}
		body = b
	}
	attempts := 1
	if call.Idempotent {
		attempts = c.opts.MaxAttempts
	}
	var lastErr *Error
	for attempt := 1; ; attempt++ {
		err := c.once(ctx, call, body, out)
		if err == nil {
			return nil
		}
		e, _ := As(err)
		lastErr = e
		if !e.Retryable() || e.Kind == KindBreakerOpen || attempt >= attempts {
			return e
		}
		wait := c.backoff(attempt)
		if e.RetryAfter > 0 {
			wait = e.RetryAfter
		}
		if wait > c.opts.MaxBackoff {
			// A longer wait is the activity retry policy's job, not ours.
			return lastErr
		}
		select {
		case <-ctx.Done():
			return lastErr
		case <-time.After(wait):
		}
	}
}

func (c *Client) backoff(attempt int) time.Duration {
	d := c.opts.BaseBackoff << (attempt - 1)
	if d > c.opts.MaxBackoff {
		d = c.opts.MaxBackoff
	}
	// Full jitter keeps many workers from retrying in step.
	return d/2 + rand.N(d/2+1)
}

// pace waits for the rate limiter's next free slot. When that comes after
// ctx's deadline it takes no slot and answers as a 429 would, with the time
// until one is free: the caller (an activity's retry) comes back then,
// rather than failing at its timeout and backing off ever longer while the
// queue drains.
func (c *Client) pace(ctx context.Context, op string) error {
	r := c.opts.Limiter.Reserve()
	delay := r.Delay()
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < delay {
		r.Cancel()
		return &Error{Service: c.opts.Service, Op: op, Kind: KindRateLimited, RetryAfter: delay,
			Message: fmt.Sprintf("our pacing of the %s rate limit: the next free slot is in %s", c.opts.Service, delay.Round(time.Millisecond))}
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-ctx.Done():
		r.Cancel()
		return &Error{Service: c.opts.Service, Op: op, Kind: KindTransient, Message: "rate limiter: " + ctx.Err().Error(), Err: ctx.Err()}
	case <-t.C:
		return nil
	}
}

// once sends one attempt through the rate limiter and the breaker.
func (c *Client) once(ctx context.Context, call Call, body []byte, out any) error {
	if c.opts.Limiter != nil {
		if err := c.pace(ctx, call.Op); err != nil {
			return err
		}
	}
	resp, err := c.breaker.Execute(func() (*http.Response, error) {
		return c.send(ctx, call, body)
	})
	if errors.Is(err, gobreaker.ErrOpenState) || errors.Is(err, gobreaker.ErrTooManyRequests) {
		return &Error{Service: c.opts.Service, Op: call.Op, Kind: KindBreakerOpen,
			Message: "circuit breaker open after repeated failures", RetryAfter: c.breakerOpenLeft(), Err: err}
	}
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == nil || resp.StatusCode == http.StatusNoContent {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
		return nil
	}
	return c.decode(call, resp, out)
}
