package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"
)

// TestInvitationInput starts a TestInvitation.
type TestInvitationInput struct {
	OpportunityRef
	TestID string
	Timing Timing
}

// TestInvitation invites the candidate to one Codejudge test, records the
// invite on the opportunity, waits for the result (callback signal, with
// polling as a fallback, up to a deadline) and posts it to Lever.
//
// Business outcomes, errors included, come back as a TestStatus: the
// parent decides how the whole assessment ends.
func TestInvitation(ctx workflow.Context, in TestInvitationInput) (TestStatus, error) {
	timing := in.Timing.withDefaults()
	status := TestStatus{TestID: in.TestID, State: StateInviting}
	if err := workflow.SetQueryHandler(ctx, StatusQuery, func() (TestStatus, error) { return status, nil }); err != nil {
		return status, err
	}
	// Register the signal channel before any blocking call so that a callback
	// arriving while the invite is still being recorded is not missed.
	finished := workflow.GetSignalChannel(ctx, InviteFinishedSignal)
	actx := withAPIActivities(ctx)
	ref := in.OpportunityRef
	transition := func(state State, reason string) (TestStatus, error) {
		status.State, status.Reason = state, reason
		setState(ctx, state)
		return status, nil
	}

	info := workflow.GetInfo(ctx)
	var inv Invite
	err := workflow.ExecuteActivity(actx, SendInviteActivity, SendInviteInput{
		OpportunityRef: ref,
		TestID:         in.TestID,
		IdempotencyKey: info.WorkflowExecution.ID + "/" + info.WorkflowExecution.RunID,
	}).Get(ctx, &inv)
	if err != nil {
		reason := recruiterReason(err)
		if nerr := reportError(actx, ref, inviteFailedNote(in.TestID, reason)); nerr != nil {
			reason += "; and the CJ Error tag or note could not be written: " + recruiterReason(nerr)
		}
		return transition(StateError, reason)
	}
	status.TestName, status.InviteID, status.InvitedAt, status.ExpiresAt = inv.TestName, inv.InviteID, inv.InvitedAt, inv.ExpiresAt
	if inv.AlreadyInvited {
		reason := "the candidate was already invited to this test"
		if nerr := reportError(actx, ref, alreadyInvitedNote(inv)); nerr != nil {
			reason += "; and the CJ Error tag or note could not be written: " + recruiterReason(nerr)
		}
		return transition(StateError, reason)
	}
	// The invite is out: from here on a failure to write to Lever must not
	// stop us from waiting for the result, so errors are recorded, not fatal.
	if err := tagOpportunity(actx, ref, TagInviteSent); err != nil {
		status.Reason = "could not tag the invite: " + recruiterReason(err)
	}
	if err := addNote(actx, ref, inviteSentNote(inv)); err != nil {
		status.Reason = "could not note the invite: " + recruiterReason(err)
	}

	expires := inv.ExpiresAt
	if expires.IsZero() {
		expires = workflow.Now(ctx).Add(timing.DefaultValidity)
	}
	status.Deadline = expires.Add(timing.GracePeriod)
	status.State = StateAwaitingResult
	setState(ctx, StateAwaitingResult)

	report := awaitResult(ctx, actx, in.ConnectionID, inv.InviteID, status.Deadline, timing.PollInterval, finished)
	if report.Status != InviteStatusCompleted || report.Result == nil {
		if err := addNote(actx, ref, notFinishedNote(in.TestID, inv.TestName, report.Status, workflow.Now(ctx))); err != nil {
			return transition(StateNotFinished, "could not note that the candidate did not finish: "+recruiterReason(err))
		}
		return transition(StateNotFinished, "the candidate did not finish the test")
	}
	status.Result = report.Result
	var problems string
	if report.Result.ReportURL != "" {
		if err := addLink(actx, ref, report.Result.ReportURL); err != nil {
			problems = "could not add the results link: " + recruiterReason(err)
		}
	}
	if err := addNote(actx, ref, resultNote(in.TestID, inv.TestName, *report.Result, report.CompletedAt)); err != nil {
		return transition(StateError, "could not post the results note: "+recruiterReason(err))
	}
	return transition(StateCompleted, problems)
}

// awaitResult waits until the invite is completed, expired or cancelled, or
// the deadline passes. A signal from the callback prompts an immediate check;
// a timer checks every pollInterval in case a callback was lost. The result
// always comes from Codejudge's API, never from the signal's payload.
func awaitResult(ctx, actx workflow.Context, connectionID, inviteID string, deadline time.Time,
	pollInterval time.Duration, finished workflow.ReceiveChannel) InviteReport {
	check := func() (InviteReport, bool) {
		var report InviteReport
		err := workflow.ExecuteActivity(actx, GetInviteActivity, GetInviteInput{ConnectionID: connectionID, InviteID: inviteID}).Get(ctx, &report)
		if err != nil {
			// Retries are exhausted or the invite vanished: keep waiting for
			// the next prompt; the deadline bounds the wait.
			workflow.GetLogger(ctx).Warn("could not check the invite", "inviteId", inviteID, "error", err)
			return report, false
		}
		switch report.Status {
		case InviteStatusCompleted, InviteStatusExpired, InviteStatusCancelled:
			return report, true
		}
		return report, false
	}

	last := InviteReport{Status: InviteStatusInvited}
	for {
		now := workflow.Now(ctx)
		if !now.Before(deadline) {
			// One last look, so a result that arrived at the wire is not lost.
			if report, done := check(); done {
				return report
			}
			return last
		}
		wait := pollInterval
		if left := deadline.Sub(now); left < wait {
			wait = left
		}
		timerCtx, cancelTimer := workflow.WithCancel(ctx)
		timer := workflow.NewTimer(timerCtx, wait)
		prompted := false
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(finished, func(c workflow.ReceiveChannel, _ bool) {
			var sig InviteFinished
			c.Receive(ctx, &sig)
			if sig.InviteID == inviteID {
				prompted = true
			} else {
				workflow.GetLogger(ctx).Warn("ignoring a signal for another invite", "signalInviteId", sig.InviteID, "inviteId", inviteID)
			}
		})
		sel.AddFuture(timer, func(workflow.Future) { prompted = true })
		sel.Select(ctx)
		cancelTimer()
		if !prompted {
			continue
		}
		report, done := check()
		if done {
			return report
		}
		if report.Status != "" {
			last = report
		}
	}
}
