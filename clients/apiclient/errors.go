// Package apiclient is the HTTP core shared by the Lever and Codejudge clients:
// JSON requests, a per-account circuit breaker and rate limiter, bounded retries,
// and typed errors that tell the caller whether a failure is worth retrying.
//
// It knows nothing of Temporal: activities translate these errors into
// retryable or non-retryable application errors.
package apiclient

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Kind classifies an API failure by what the caller should do about it.
type Kind int

const (
	// KindTransient: a timeout, a network error, a 5xx or 408. Retry with backoff.
	KindTransient Kind = iota
	// KindRateLimited: a 429. Retry after RetryAfter when the server said so.
	KindRateLimited
	// KindBreakerOpen: the circuit breaker is open. Retry after RetryAfter.
	KindBreakerOpen
	// KindNotFound: a 404. Permanent.
	KindNotFound
	// KindConflict: a 409. Permanent; the body often says why.
	KindConflict
	// KindPermanent: any other 4xx (bad request, auth, permissions). Permanent.
	KindPermanent
)

func (k Kind) String() string {
	switch k {
	case KindTransient:
		return "transient"
	case KindRateLimited:
		return "rate_limited"
	case KindBreakerOpen:
		return "breaker_open"
	case KindNotFound:
		return "not_found"
	case KindConflict:
		return "conflict"
	case KindPermanent:
		return "permanent"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Error is the one error type the API clients return for a failed call.
type Error struct {
	Service    string        // "lever", "codejudge"
	Op         string        // "GET /opportunities/:id"
	Status     int           // HTTP status; 0 when no response arrived
	Code       string        // the API's error code, when the body carried one
	Message    string        // the API's message, or a description of the failure
	Kind       Kind          // what to do about it
	RetryAfter time.Duration // a server- or breaker-given wait; 0 when unknown
	Body       []byte        // the raw error body (bounded), for callers that decode more
	Err        error         // the underlying error, if any
}

func (e *Error) Error() string {
	s := e.Service + " " + e.Op + ": "
	if e.Status != 0 {
		s += fmt.Sprintf("%d %s", e.Status, http.StatusText(e.Status))
	} else {
		s += e.Kind.String()
	}
	if e.Code != "" {
		s += " (" + e.Code + ")"
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Retryable reports whether the same call may succeed later.
func (e *Error) Retryable() bool {
	switch e.Kind {
	case KindTransient, KindRateLimited, KindBreakerOpen:
		return true
	}
	return false
}

// As returns err as an *Error when it is one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// IsNotFound reports whether err is an API 404.
func IsNotFound(err error) bool {
	e, ok := As(err)
	return ok && e.Kind == KindNotFound
}

// KindForStatus maps an HTTP status to a Kind: 408, 429 and 5xx may pass, other
// 4xx will not.
func KindForStatus(status int) Kind {
	switch {
	case status == http.StatusTooManyRequests:
		return KindRateLimited
	case status == http.StatusRequestTimeout || status >= 500:
		return KindTransient
	case status == http.StatusNotFound:
		return KindNotFound
	case status == http.StatusConflict:
		return KindConflict
	default:
		return KindPermanent
	}
}
