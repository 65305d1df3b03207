package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

// Bounds on a waiting TestInvitation's history, which callbacks grow from
// outside: a stream of callbacks leads to at most one check a minute, and a
// run continues as new long before Temporal's limit of 51,200 events.
const (
	minCheckGap      = time.Minute
	historyEventsCap = 10_000
)

// awaitResult waits until the invite is completed, expired or cancelled, or
// the deadline passes. A signal from Codejudge's callback prompts a check; a
// timer checks every poll interval in case a callback was lost. The result
// always comes from Codejudge's API, never from the signal's payload. Once
// the reminder is due, a check that finds the invite open reminds the
// candidate. A signal on archived (Lever archived the opportunity) cancels
// the invite. The error is a continue-as-new or a cancellation: the caller
// returns it.
func (t *testInvitation) awaitResult(ctx workflow.Context, archived workflow.ReceiveChannel) (activities.InviteReport, error) {
	// A signal that arrived before this point waits in the channel.
	finished := workflow.GetSignalChannel(ctx, InviteFinishedSignal)
	last := activities.InviteReport{Status: activities.InviteStatusInvited}
	for {
		if ctx.Err() != nil {
			// Timers and activities would now return at once: looping on
			// would spin.
			return last, temporal.NewCanceledError("the test invitation was cancelled while waiting for the result")
		}
		if t.archived || archived.ReceiveAsync(nil) {
			t.archived = true
			return t.cancelForArchive(ctx), nil
		}
		if t.historyIsLong(ctx) {
			return last, t.continueAsNew(ctx, finished)
		}
		now := workflow.Now(ctx)
		if !now.Before(t.status.Deadline) {
			// One last look, so a result that arrived at the wire is not lost.
			if report, done := t.checkInvite(ctx); done {
				return report, nil
			}
			return last, nil
		}
		if !t.prompted {
			// Round again once woken: a cancellation or a history to cut short
			// comes before the check.
			t.prompted = t.waitForPrompt(ctx, finished, archived, t.nextWake(now))
			continue
		}
		t.holdOff(ctx, finished)
		report, done := t.checkInvite(ctx)
		if done {
			return report, nil
		}
		if report.Status != "" {
			last = report
		}
		t.remindIfDue(ctx)
	}
}

// waitForPrompt waits up to wait for a signal about this invite. It reports
// whether it is time to check the invite: a signal for it came, or the wait
// is over. An archive signal ends the wait too (t.archived).
func (t *testInvitation) waitForPrompt(ctx workflow.Context, finished, archived workflow.ReceiveChannel, wait time.Duration) bool {
	timerCtx, cancelTimer := workflow.WithCancel(ctx)
	defer cancelTimer()
	timer := workflow.NewTimer(timerCtx, wait)
	prompted := false
	sel := workflow.NewSelector(ctx)
	sel.AddReceive(finished, func(c workflow.ReceiveChannel, _ bool) {
		var sig InviteFinished
		c.Receive(ctx, &sig)
		prompted = t.isAboutThisInvite(sig)
	})
	sel.AddReceive(archived, func(c workflow.ReceiveChannel, _ bool) {
		c.Receive(ctx, nil)
		t.archived = true
	})
	sel.AddFuture(timer, func(workflow.Future) { prompted = true })
	sel.Select(ctx)
	return prompted
}

// holdOff keeps checks at least minCheckGap apart, then takes in the signals
// that came meanwhile: the check about to run answers them all.
func (t *testInvitation) holdOff(ctx workflow.Context, finished workflow.ReceiveChannel) {
	if !t.lastCheck.IsZero() {
		now := workflow.Now(ctx)
		wait := min(t.lastCheck.Add(minCheckGap).Sub(now), t.status.Deadline.Sub(now))
		if wait > 0 {
			_ = workflow.Sleep(ctx, wait) // a cancellation ends the loop on its next turn
		}
	}
	t.drain(finished)
	t.prompted = false
}

// drain takes every waiting signal; prompted if one was about this invite.
func (t *testInvitation) drain(finished workflow.ReceiveChannel) {
	for {
		var sig InviteFinished
		if !finished.ReceiveAsync(&sig) {
			return
		}
		if t.isAboutThisInvite(sig) {
			t.prompted = true
		}
	}
}

func (t *testInvitation) isAboutThisInvite(sig InviteFinished) bool {
	if sig.InviteID != t.status.InviteID {
		t.logger.Warn("ignoring a signal for another invite", "signalInviteId", sig.InviteID, "inviteId", t.status.InviteID)
		return false
	}
	return true
}

// historyIsLong tells when to continue as new: at historyEventsCap events, or
// when the server suggests it.
func (t *testInvitation) historyIsLong(ctx workflow.Context) bool {
	info := workflow.GetInfo(ctx)
	return info.GetContinueAsNewSuggested() || info.GetCurrentHistoryLength() >= historyEventsCap
}

// continueAsNew carries the waiting state, and any signal not yet acted on,
// into a fresh run with an empty history under the same workflow id.
func (t *testInvitation) continueAsNew(ctx workflow.Context, finished workflow.ReceiveChannel) error {
	t.drain(finished)
	t.logger.Info("continuing as new while waiting for the result", "inviteId", t.status.InviteID)
	next := t.in
	next.Waiting = &WaitingState{Status: t.status, Prompted: t.prompted, Reminded: t.reminded}
	return workflow.NewContinueAsNewError(ctx, TestInvitationWorkflowName, next)
}

// checkFailedWaiting is the status's Waiting while checks of the invite fail.
func checkFailedWaiting(at time.Time) string {
	return "Codejudge did not answer the last check at " + noteTime(at)
}

// checkInvite asks Codejudge for the invite's state; done once it is
// completed, expired or cancelled.
func (t *testInvitation) checkInvite(ctx workflow.Context) (report activities.InviteReport, done bool) {
	report, err := getInvite(ctx, activities.GetInviteInput{ConnectionID: t.in.ConnectionID, InviteID: t.status.InviteID})
	t.lastCheck = workflow.Now(ctx)
	if err != nil {
		// Retries are exhausted or the invite vanished: keep waiting for the
		// next prompt; the deadline bounds the wait.
		t.logger.Warn("could not check the invite", "inviteId", t.status.InviteID, "error", err)
		t.status.Waiting = checkFailedWaiting(t.lastCheck)
		return report, false
	}
	t.status.Waiting = ""
	switch report.Status {
	case activities.InviteStatusCompleted, activities.InviteStatusExpired, activities.InviteStatusCancelled:
		return report, true
	}
	return report, false
}
