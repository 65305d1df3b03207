package activities

import (
	"errors"
	"fmt"

	"go.temporal.io/sdk/temporal"

	"github.com/cjlever/cjlever/clients/apiclient"
)

// apiFailure turns a client error into a Temporal application error: permanent
// API failures are non-retryable and carry a message a recruiter can act on
// (what); transient ones are retried, after the server's or the breaker's
// delay when there is one.
func apiFailure(what string, err error) error {
	e, ok := apiclient.As(err)
	if !ok {
		return temporal.NewApplicationErrorWithCause(what+": "+err.Error(), ErrTypeTransient, err)
	}
	msg := fmt.Sprintf("%s: %s", what, describe(e))
	switch e.Kind {
	case apiclient.KindNotFound:
		return temporal.NewNonRetryableApplicationError(msg, ErrTypeNotFound, err)
	case apiclient.KindPermanent, apiclient.KindConflict:
		return temporal.NewNonRetryableApplicationError(msg, ErrTypePermanent, err)
	case apiclient.KindRateLimited:
		return retryAfter(msg, ErrTypeRateLimited, e, err)
	case apiclient.KindBreakerOpen:
		return retryAfter(msg, ErrTypeBreakerOpen, e, err)
	default:
		return temporal.NewApplicationErrorWithCause(msg, ErrTypeTransient, err)
	}
}

func retryAfter(msg, errType string, e *apiclient.Error, cause error) error {
	return temporal.NewApplicationErrorWithOptions(msg, errType, temporal.ApplicationErrorOptions{
		NextRetryDelay: e.RetryAfter, // 0 falls back to the retry policy
		Cause:          cause,
	})
}

// describe words an API failure for a recruiter's note.
func describe(e *apiclient.Error) string {
	service := map[string]string{"lever": "Lever", "codejudge": "Codejudge"}[e.Service]
	if service == "" {
		service = e.Service
	}
	switch {
	case e.Status == 401:
		return service + " refused our credentials; the integration needs to be reconnected"
	case e.Status == 403:
		return service + " refused permission for this action; check the integration's permissions"
	case e.Kind == apiclient.KindNotFound:
		return service + " could not find it"
	case e.Message != "":
		return service + " said: " + e.Message
	}
	return e.Error()
}

// badInput is a non-retryable error for input no retry can fix.
func badInput(format string, args ...any) error {
	return temporal.NewNonRetryableApplicationError(fmt.Sprintf(format, args...), ErrTypeBadInput, nil)
}

var errNoEmail = errors.New("the candidate has no email address in Lever")
