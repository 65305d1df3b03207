package workflows

import (
	"errors"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

// inviteCheckTimeout bounds every try of a Codejudge call made from the wait
// loop (a check, a reminder, a cancellation), retries included, so that an
// outage never holds the loop: signals keep being handled and the deadline
// is never overrun by more than this. A failed call waits for the next
// prompt or poll instead.
const inviteCheckTimeout = 2 * time.Minute

// withInviteCheckActivities returns ctx with the wait loop's activity
// options: the API options within inviteCheckTimeout, a few attempts.
func withInviteCheckActivities(ctx workflow.Context) workflow.Context {
	opts := apiActivityOptions(ctx)
	opts.ScheduleToCloseTimeout = inviteCheckTimeout
	opts.RetryPolicy.MaximumAttempts = 4
	opts.RetryPolicy.MaximumInterval = 30 * time.Second
	return workflow.WithActivityOptions(ctx, opts)
}

func cancelInvite(ctx workflow.Context, in activities.GetInviteInput) (activities.InviteChange, error) {
	var a *activities.Activities
	var change activities.InviteChange
	err := workflow.ExecuteActivity(withInviteCheckActivities(ctx), a.CancelInvite, in).Get(ctx, &change)
	return change, err
}

func remindInvite(ctx workflow.Context, in activities.GetInviteInput) (activities.InviteChange, error) {
	var a *activities.Activities
	var change activities.InviteChange
	err := workflow.ExecuteActivity(withInviteCheckActivities(ctx), a.RemindInvite, in).Get(ctx, &change)
	return change, err
}

func moveStage(ctx workflow.Context, ref activities.OpportunityRef, stageID string) error {
	var a *activities.Activities
	return leverSteps(ctx, ref, leverWrite{a.MoveStage, activities.MoveStageInput{OpportunityRef: ref, StageID: stageID}})[0]
}

// isOutage reports whether err is an API that did not answer (retries ran
// out or the bound passed), rather than one that refused.
func isOutage(err error) bool {
	var timeoutErr *temporal.TimeoutError
	if errors.As(err, &timeoutErr) {
		return true
	}
	var appErr *temporal.ApplicationError
	if !errors.As(err, &appErr) {
		return false
	}
	switch appErr.Type() {
	case activities.ErrTypeTransient, activities.ErrTypeRateLimited, activities.ErrTypeBreakerOpen:
		return true
	}
	return false
}
