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
// Two things end a wait. The Connection workflow, when it is Active again,
// signals (ConnectionReauthorizedSignal) the workflows whose CJStatus says
// they wait, so a reconnect is acted on at once. And a timer, which cannot
// be missed as a signal can (a wait that began after the connection listed
// its waiting workflows, or a visibility store that lagged): it starts at
// five minutes and grows to an hour, so a long wait adds about five events
// an hour to the history. A signal that arrives while the workflow is not
// waiting stays in the channel and ends its next wait at once: one extra
// try, never a lost wake-up.
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
	out, err := call(ctx)
	return retriedUntilReauthorized(ctx, out, err, call)
}

// retriedUntilReauthorized goes on from a first try of call that ended with
// out and err: while err is for want of re-authorisation, it waits and
// tries again.
func retriedUntilReauthorized[T any](ctx workflow.Context, out T, err error, call func(workflow.Context) (T, error)) (T, error) {
	wait := reauthorizationFirstRecheck
	var shown *waitShown
	for ; ; out, err = call(ctx) {
		if !needsReauthorization(err) {
			shown.end(ctx)
			return out, err
		}
		if shown == nil {
			shown = showWaiting(ctx)
		}
		workflow.GetLogger(ctx).Warn("waiting for the Lever connection to be re-authorised", "recheckIn", wait)
		if err := waitForReauthorization(ctx, wait); err != nil {
			return out, err
		}
		wait = min(2*wait, reauthorizationMaxRecheck)
	}
}

// waitForReauthorization waits for wait, or less if the connection says it
// is Active again.
func waitForReauthorization(ctx workflow.Context, wait time.Duration) error {
	timerCtx, cancelTimer := workflow.WithCancel(ctx)
	defer cancelTimer()
	var err error
	workflow.NewSelector(ctx).
		AddFuture(workflow.NewTimer(timerCtx, wait), func(f workflow.Future) { err = f.Get(ctx, nil) }).
		AddReceive(workflow.GetSignalChannel(ctx, ConnectionReauthorizedSignal), func(c workflow.ReceiveChannel, _ bool) {
			c.Receive(ctx, nil)
			workflow.GetLogger(ctx).Info("the Lever connection is active again; trying again")
		}).
		Select(ctx)
	return err
}

// waitShown is a wait as the Temporal UI and the status query show it; it
// remembers the CJStatus it replaced.
type waitShown struct {
	status string
	had    bool
}

// showWaiting tells the status query, the UI's current details and CJStatus
// (which the Connection workflow looks for to wake the workflow) that it
// waits.
func showWaiting(ctx workflow.Context) *waitShown {
	status, had := workflow.GetTypedSearchAttributes(ctx).GetKeyword(SearchAttrStatus)
	shown := &waitShown{status: status, had: had}
	reportWaiting(ctx, WaitingForReauthorization)
	workflow.SetCurrentDetails(ctx, WaitingForReauthorization)
	upsertStatus(ctx, SearchAttrStatus.ValueSet(string(StateWaitingForReauthorization)))
	return shown
}

// end undoes showWaiting; nothing when the workflow did not wait.
func (s *waitShown) end(ctx workflow.Context) {
	if s == nil {
		return
	}
	workflow.SetCurrentDetails(ctx, "")
	reportWaiting(ctx, "") // after: the workflow may show its own details again
	if s.had {
		upsertStatus(ctx, SearchAttrStatus.ValueSet(s.status))
	} else {
		upsertStatus(ctx, SearchAttrStatus.ValueUnset())
	}
}

func upsertStatus(ctx workflow.Context, update temporal.SearchAttributeUpdate) {
	if err := workflow.UpsertTypedSearchAttributes(ctx, update); err != nil {
		workflow.GetLogger(ctx).Warn("could not record the waiting state", "error", err)
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
