package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

// awaitResult waits until the invite is completed, expired or cancelled, or
// the deadline passes. A signal from Codejudge's callback prompts an
// immediate check; a timer checks every poll interval in case a callback was
// lost. The result always comes from Codejudge's API, never from the signal's
// payload.
func (t *testInvitation) awaitResult(ctx workflow.Context) activities.InviteReport {
	// A signal that arrived before this point waits in the channel.
	finished := workflow.GetSignalChannel(ctx, InviteFinishedSignal)
	last := activities.InviteReport{Status: activities.InviteStatusInvited}
	for {
		if ctx.Err() != nil {
			// Cancelled: timers and activities would now return at once, so
			// looping on would spin.
			return last
		}
		now := workflow.Now(ctx)
		if !now.Before(t.status.Deadline) {
			// One last look, so a result that arrived at the wire is not lost.
			if report, done := t.checkInvite(ctx); done {
				return report
			}
			return last
		}
		if !t.waitForPrompt(ctx, finished, min(t.timing.PollInterval, t.status.Deadline.Sub(now))) {
			continue
		}
		report, done := t.checkInvite(ctx)
		if done {
			return report
		}
		if report.Status != "" {
			last = report
		}
	}
}

// waitForPrompt waits up to wait for a signal about this invite. It reports
// whether it is time to check the invite: a signal for it came, or the wait
// is over.
func (t *testInvitation) waitForPrompt(ctx workflow.Context, finished workflow.ReceiveChannel, wait time.Duration) bool {
	timerCtx, cancelTimer := workflow.WithCancel(ctx)
	defer cancelTimer()
	timer := workflow.NewTimer(timerCtx, wait)
	prompted := false
	sel := workflow.NewSelector(ctx)
	sel.AddReceive(finished, func(c workflow.ReceiveChannel, _ bool) {
		var sig InviteFinished
		c.Receive(ctx, &sig)
		if sig.InviteID == t.status.InviteID {
			prompted = true
		} else {
			t.logger.Warn("ignoring a signal for another invite", "signalInviteId", sig.InviteID, "inviteId", t.status.InviteID)
		}
	})
	sel.AddFuture(timer, func(workflow.Future) { prompted = true })
	sel.Select(ctx)
	return prompted
}

// checkInvite asks Codejudge for the invite's state; done once it is
// completed, expired or cancelled.
func (t *testInvitation) checkInvite(ctx workflow.Context) (report activities.InviteReport, done bool) {
	report, err := getInvite(ctx, activities.GetInviteInput{ConnectionID: t.in.ConnectionID, InviteID: t.status.InviteID})
	if err != nil {
		// Retries are exhausted or the invite vanished: keep waiting for the
		// next prompt; the deadline bounds the wait.
		t.logger.Warn("could not check the invite", "inviteId", t.status.InviteID, "error", err)
		return report, false
	}
	switch report.Status {
	case activities.InviteStatusCompleted, activities.InviteStatusExpired, activities.InviteStatusCancelled:
		return report, true
	}
	return report, false
}
