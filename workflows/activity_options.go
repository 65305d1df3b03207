package workflows

import (
	"errors"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

// apiActivityOptions bound every API activity: one attempt may take 30s; all
// attempts together at most the step bound of ctx (withStepBound: an
// assessment's Timing.OutageBound), else a day, after which the step gives
// up rather than waiting forever on a dead API. Backoff is capped at ten
// minutes; a 429's Retry-After or an open breaker sets its own delay.
func apiActivityOptions(ctx workflow.Context) workflow.ActivityOptions {
	bound := 24 * time.Hour
	if b, ok := ctx.Value(stepBoundKey{}).(time.Duration); ok && b > 0 {
		bound = b
	}
	return workflow.ActivityOptions{
		StartToCloseTimeout:    30 * time.Second,
		ScheduleToCloseTimeout: bound,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:        time.Second,
			BackoffCoefficient:     2,
			MaximumInterval:        10 * time.Minute,
			NonRetryableErrorTypes: []string{activities.ErrTypeNotFound, activities.ErrTypePermanent, activities.ErrTypeBadInput},
		},
	}
}

type stepBoundKey struct{}

// withStepBound makes every API step run under ctx give up after bound: an
// assessment waits out Codejudge or Lever for its Timing.OutageBound, then
// parks for ops instead of holding on for a day.
func withStepBound(ctx workflow.Context, bound time.Duration) workflow.Context {
	return workflow.WithValue(ctx, stepBoundKey{}, bound)
}

// notAnsweredReason is what a recruiter reads when an API did not answer
// within the step's bound.
const notAnsweredReason = "Codejudge or Lever did not answer in time (it may be down); once it is back, move the candidate to the assessment stage again or ask support to retry."

// withAPIActivities returns ctx with the API activity options applied.
func withAPIActivities(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, apiActivityOptions(ctx))
}

// Priorities of Lever calls in their account's queue (1 goes first, 3 is
// Temporal's default). When many candidates are moved at once, the writes of
// a candidate already under way go before the first read of the next one, so
// invites go out in the order candidates were moved, the first within
// seconds, instead of every candidate's first step running before anyone's
// second.
const (
	priorityUnderWay     = 2
	priorityNewCandidate = 4
)

// withLeverActivities returns ctx with the API activity options applied for
// a call to the connection's Lever account at the given priority.
func withLeverActivities(ctx workflow.Context, connectionID string, priority int) workflow.Context {
	opts := apiActivityOptions(ctx)
	opts.TaskQueue = LeverTaskQueue(connectionID)
	opts.Priority = temporal.Priority{PriorityKey: priority}
	return workflow.WithActivityOptions(ctx, opts)
}

// recruiterReason turns an activity failure into words a recruiter can act
// on. Activities put such words in the application error's message.
func recruiterReason(err error) string {
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		switch appErr.Type() {
		case activities.ErrTypeTransient, activities.ErrTypeRateLimited, activities.ErrTypeBreakerOpen:
			return notAnsweredReason + " (" + appErr.Message() + ")"
		}
		return appErr.Message()
	}
	var timeoutErr *temporal.TimeoutError
	if errors.As(err, &timeoutErr) {
		return notAnsweredReason
	}
	return "an unexpected error occurred; ask support to look at the workflow."
}
