package activities

import (
	"context"
	"time"

	"errors"
	"fmt"
	"go.temporal.io/sdk/activity"

	"go.temporal.io/sdk/temporal"

	"github.com/cjlever/cjlever/clients/apiclient"
)

// apiFailure turns a client error into a Temporal application error: permanent
// API failures are non-retryable and carry a message a recruiter can act on
// (what); transient ones are retried, after the server's or the breaker's
// delay when there is one.
func apiFailure(ctx context.Context, what string, err error) error {
	if isNeedsReauthorization(err) {
		// The token source's refusal, met mid-call: the workflow waits.
		return temporal.NewNonRetryableApplicationError(what+": the connection needs to be connected to Lever again",
			ErrTypeNeedsReauthorization, nil)
	}
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
		return retryAfter(ctx, msg, ErrTypeRateLimited, e, err)
	case apiclient.KindBreakerOpen:
		return retryAfter(ctx, msg, ErrTypeBreakerOpen, e, err)
	default:
		// A 503's Retry-After (maintenance) paces the retry like a 429's.
		return retryAfter(ctx, msg, ErrTypeTransient, e, err)
	}
}

// retryAfter is a retryable error whose next attempt waits the server's (or
// the breaker's) delay, but never past the activity's schedule-to-close
// deadline: Temporal would not run a retry due at or after it, so the
// activity would fail at once instead of trying a last time.
func retryAfter(ctx context.Context, msg, errType string, e *apiclient.Error, cause error) error {
	return temporal.NewApplicationErrorWithOptions(msg, errType, temporal.ApplicationErrorOptions{
		NextRetryDelay: clampToSchedule(e.RetryAfter, scheduleLeft(ctx)), // 0 falls back to the retry policy
		Cause:          cause,
	})
}

// scheduleLeft is how long the activity may still retry; 0 when unbounded or
// outside an activity.
func scheduleLeft(ctx context.Context) time.Duration {
	if !activity.IsActivity(ctx) {
		return 0
	}
	info := activity.GetInfo(ctx)
	if info.ScheduleToCloseTimeout <= 0 {
		return 0
	}
	return max(time.Until(info.ScheduledTime.Add(info.ScheduleToCloseTimeout)), time.Nanosecond)
}

// clampToSchedule bounds delay by left (when left is known), leaving a
// tenth of left for the last attempt to run in.
func clampToSchedule(delay, left time.Duration) time.Duration {
	if last := left - left/10; left > 0 && delay > last {
		return last
	}
	return delay
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
