package workflows

import (
	"errors"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

// An assessment whose Lever call meets a connection that needs
// re-authorisation waits, then tries the same step again, rather than
// failing: once an admin connects Lever again it carries on where it
// stopped.
//
// It re-checks on a timer instead of waiting for a signal from the
// Connection workflow: a signal would need the connection to find and
// signal every waiting workflow (children included), and one it missed
// would wait for ever; a timer cannot be missed. The interval starts short,
// so a quick reconnect is noticed quickly, and grows to an hour, so a long
// wait adds about five events an hour to the history.
const (
	reauthorizationFirstRecheck = 5 * time.Minute
	reauthorizationMaxRecheck   = time.Hour
)

// WaitingForReauthorization is the Waiting of a status while the step waits.
const WaitingForReauthorization = "the Lever connection needs to be connected again by an admin; waiting"

type waitingKey struct{}

// withWaitingReport makes report hear when the workflow starts ("" ends)
// waiting for re-authorisation, so its status query can say so.
func withWaitingReport(ctx workflow.Context, report func(waiting string)) workflow.Context {
	return workflow.WithValue(ctx, waitingKey{}, report)
}

// untilReauthorized runs call until it does not fail for want of
// re-authorisation, waiting between tries. A cancellation ends the wait.
func untilReauthorized[T any](ctx workflow.Context, call func(workflow.Context) (T, error)) (T, error) {
	wait := reauthorizationFirstRecheck
	for {
		out, err := call(ctx)
		if !needsReauthorization(err) {
			reportWaiting(ctx, "")
			return out, err
		}
		reportWaiting(ctx, WaitingForReauthorization)
		workflow.GetLogger(ctx).Warn("waiting for the Lever connection to be re-authorised", "recheckIn", wait)
		if err := workflow.Sleep(ctx, wait); err != nil {
			return out, err
		}
		wait = min(2*wait, reauthorizationMaxRecheck)
	}
}

func reportWaiting(ctx workflow.Context, waiting string) {
	if report, ok := ctx.Value(waitingKey{}).(func(string)); ok {
		report(waiting)
	}
}

func needsReauthorization(err error) bool {
	var appErr *temporal.ApplicationError
	return errors.As(err, &appErr) && appErr.Type() == activities.ErrTypeNeedsReauthorization
}
