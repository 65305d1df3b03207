package workflows

import (
	"errors"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

// apiActivityOptions bound every API activity: one attempt may take 30s; all
// attempts together at most a day, after which the assessment errors out
// with a note rather than waiting forever on a dead API. Backoff is capped at
// ten minutes; a 429's Retry-After or an open breaker sets its own delay.
func apiActivityOptions() workflow.ActivityOptions {
	return workflow.ActivityOptions{
		StartToCloseTimeout:    30 * time.Second,
		ScheduleToCloseTimeout: 24 * time.Hour,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:        time.Second,
			BackoffCoefficient:     2,
			MaximumInterval:        10 * time.Minute,
			NonRetryableErrorTypes: []string{activities.ErrTypeNotFound, activities.ErrTypePermanent, activities.ErrTypeBadInput},
		},
	}
}

// withAPIActivities returns ctx with the API activity options applied.
func withAPIActivities(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, apiActivityOptions())
}

// recruiterReason turns an activity failure into words a recruiter can act
// on. Activities put such words in the application error's message.
func recruiterReason(err error) string {
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		switch appErr.Type() {
		case activities.ErrTypeTransient, activities.ErrTypeRateLimited, activities.ErrTypeBreakerOpen:
			return "Codejudge or Lever did not answer for a day; ask support to retry. (" + appErr.Message() + ")"
		}
		return appErr.Message()
	}
	var timeoutErr *temporal.TimeoutError
	if errors.As(err, &timeoutErr) {
		return "Codejudge or Lever did not answer in time; ask support to retry."
	}
	return "an unexpected error occurred; ask support to look at the workflow."
}
