package workflows

import (
	"strings"
	"time"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

// testInvitation is one TestInvitation run: its input, the status its query
// reports, and a logger tagged with the opportunity and the test.
type testInvitation struct {
	in     TestInvitationInput
	timing Timing
	status TestStatus
	logger log.Logger
	// prompted: a completion signal waits to be acted on.
	prompted bool
	// lastCheck is when Codejudge was last asked about the invite.
	lastCheck time.Time
	// archived: Lever archived the opportunity (OpportunityArchivedSignal);
	// cancelledForArchive: so the invite was cancelled (or the cancel
	// failed) and the test invitation ends Cancelled.
	archived, cancelledForArchive bool
	// cancelErr is why the cancel failed, if it did.
	cancelErr error
	// reminded: Codejudge reminded the candidate already.
	reminded bool
}

// TestInvitation invites the candidate to one Codejudge test, records the
// invite on the opportunity, waits for the result (callback signal, with
// polling as a fallback, up to a deadline; reminding the candidate before
// the invite expires; cancelling the invite if Lever archives the
// opportunity) and posts it to Lever, acting on it by the score bands.
//
// Business outcomes, errors included, come back as a TestStatus: the
// parent decides how the whole assessment ends.
func TestInvitation(ctx workflow.Context, in TestInvitationInput) (TestStatus, error) {
	t := &testInvitation{
		in:     in,
		timing: in.Timing.withDefaults(),
		status: TestStatus{TestID: in.TestID, State: StateInviting},
		logger: log.With(workflow.GetLogger(ctx),
			"connection", in.ConnectionID, "opportunity", in.OpportunityID, "test", in.TestID),
	}
	if in.Waiting != nil {
		t.status, t.prompted, t.reminded = in.Waiting.Status, in.Waiting.Prompted, in.Waiting.Reminded
	}
	if err := workflow.SetQueryHandler(ctx, StatusQuery, func() (TestStatus, error) { return t.status, nil }); err != nil {
		return t.status, err
	}
	ctx = withWaitingReport(withStepBound(ctx, t.timing.OutageBound), func(waiting string) { t.status.Waiting = waiting })
	archived := workflow.GetSignalChannel(ctx, OpportunityArchivedSignal)
	if in.Waiting == nil {
		if archived.ReceiveAsync(nil) {
			return t.finish(ctx, StateCancelled, "the opportunity was archived in Lever before the invite was sent")
		}
		if ended, status := t.sendInvite(ctx); ended {
			return status, nil
		}
	}
	report, err := t.awaitResult(ctx, archived)
	if err != nil {
		return t.status, err
	}
	return t.conclude(ctx, report)
}

// conclude acts on how the invite ended: cancelled for an archive, completed
// with a result, cancelled by someone else, or expired (or the deadline
// passed).
func (t *testInvitation) conclude(ctx workflow.Context, report activities.InviteReport) (TestStatus, error) {
	switch {
	case t.cancelledForArchive:
		return t.noteArchived(ctx)
	case report.Status == activities.InviteStatusCompleted && report.Result != nil:
		return t.postResult(ctx, report)
	case report.Status == activities.InviteStatusCancelled:
		return t.noteNotFinished(ctx, report.Status)
	}
	return t.noteExpired(ctx, report.Status)
}

// sendInvite invites the candidate, records the invite on the opportunity and
// starts waiting; ended when the invite could not be sent and the test
// invitation ends here, with its status.
func (t *testInvitation) sendInvite(ctx workflow.Context) (ended bool, status TestStatus) {
	inv, err := t.invite(ctx)
	if err != nil {
		reason := recruiterReason(err)
		if isOutage(err) {
			reason = outageReason(t.timing.OutageBound)
		}
		status, _ = t.finish(ctx, StateError, reportError(ctx, t.in.OpportunityRef, inviteFailedNote(t.in.TestID, reason), reason, t.in.EarlierRun))
		return true, status
	}
	if inv.AlreadyInvited {
		status, _ = t.finish(ctx, StateError, reportError(ctx, t.in.OpportunityRef, alreadyInvitedNote(inv),
			"the candidate was already invited to this test", t.in.EarlierRun))
		return true, status
	}
	// The invite is out: say so at once, then record it in Lever.
	t.startWaiting(ctx, inv)
	t.recordInvite(ctx, inv)
	return false, t.status
}

// invite asks Codejudge to invite the candidate. The idempotency key names
// the invite, not the run: a retried attempt and a later run for the same
// opportunity and test get the invite that exists instead of a second one.
func (t *testInvitation) invite(ctx workflow.Context) (activities.Invite, error) {
	inv, err := sendInvite(ctx, activities.SendInviteInput{
		OpportunityRef: t.in.OpportunityRef,
		TestID:         t.in.TestID,
		IdempotencyKey: InviteIdempotencyKey(t.in.ConnectionID, t.in.OpportunityID, t.in.TestID),
		Candidate:      t.in.Candidate,
	})
	if err != nil {
		return inv, err
	}
	// An adopted invite was made by an earlier run, which may have noted it
	// and its result.
	t.in.EarlierRun = t.in.EarlierRun || inv.Adopted
	t.status.TestName, t.status.InviteID, t.status.InvitedAt, t.status.ExpiresAt = inv.TestName, inv.InviteID, inv.InvitedAt, inv.ExpiresAt
	return inv, nil
}

// recordInvite tags and notes the invite on the opportunity, both at once.
// The invite is out: from here on a failure to write to Lever must not stop
// us from waiting for the result, so errors are recorded, not fatal.
func (t *testInvitation) recordInvite(ctx workflow.Context, inv activities.Invite) {
	errs := leverSteps(ctx, t.in.OpportunityRef,
		tagWrite(t.in.OpportunityRef, TagInviteSent),
		noteWrite(t.in.OpportunityRef, inviteSentNote(inv), t.in.EarlierRun))
	if errs[0] != nil {
		t.status.Reason = "could not tag the invite: " + recruiterReason(errs[0])
	}
	if errs[1] != nil {
		t.status.Reason = "could not note the invite: " + recruiterReason(errs[1])
	}
	if t.status.Reason != "" {
		reportToParent(ctx, t.status)
	}
}

// startWaiting sets the deadline: the invite's expiry (or its default
// validity) plus the grace period.
func (t *testInvitation) startWaiting(ctx workflow.Context, inv activities.Invite) {
	expires := inv.ExpiresAt
	if expires.IsZero() {
		expires = workflow.Now(ctx).Add(t.timing.DefaultValidity)
	}
	t.status.Deadline = expires.Add(t.timing.GracePeriod)
	t.status.State = StateAwaitingResult
	// Support finds the test invitation by its invite id too.
	upsertAttributes(ctx, t.logger, SearchAttrInviteIDs.ValueSet([]string{inv.InviteID}))
	setState(ctx, t.logger, StateAwaitingResult)
	reportToParent(ctx, t.status)
}

// noteNotFinished notes that the candidate did not finish by the deadline.
func (t *testInvitation) noteNotFinished(ctx workflow.Context, inviteStatus string) (TestStatus, error) {
	note := notFinishedNote(t.in.TestID, t.status.TestName, inviteStatus, workflow.Now(ctx))
	if err := addNote(ctx, t.in.OpportunityRef, note, t.in.EarlierRun); err != nil {
		return t.finish(ctx, StateNotFinished, "could not note that the candidate did not finish: "+recruiterReason(err))
	}
	return t.finish(ctx, StateNotFinished, "the candidate did not finish the test")
}

// postResult links the full report and notes the result on the
// opportunity, both at once. Only the note is essential: without the link
// the recruiter still has the scores.
func (t *testInvitation) postResult(ctx workflow.Context, report activities.InviteReport) (TestStatus, error) {
	t.status.Result = report.Result
	var writes []leverWrite
	if report.Result.ReportURL != "" {
		writes = append(writes, linkWrite(t.in.OpportunityRef, report.Result.ReportURL))
	}
	note := resultNote(t.in.TestID, t.status.TestName, *report.Result, report.CompletedAt)
	writes = append(writes, noteWrite(t.in.OpportunityRef, note, t.in.EarlierRun))
	errs := leverSteps(ctx, t.in.OpportunityRef, writes...)
	if err := errs[len(errs)-1]; err != nil {
		return t.finish(ctx, StateError, "could not post the results note: "+recruiterReason(err))
	}
	var problems string
	if len(errs) > 1 && errs[0] != nil {
		problems = "could not add the results link: " + recruiterReason(errs[0])
	}
	if problem := t.actOnScore(ctx, *report.Result); problem != "" {
		problems = strings.TrimPrefix(problems+"; "+problem, "; ")
	}
	return t.finish(ctx, StateCompleted, problems)
}

// finish records the final state. The parent reads it from the result.
func (t *testInvitation) finish(ctx workflow.Context, state State, reason string) (TestStatus, error) {
	t.status.State, t.status.Reason = state, reason
	setState(ctx, t.logger, state)
	reportToParent(ctx, t.status)
	return t.status, nil
}
