package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

// noteExpired tags the opportunity CJ Expired and notes that the candidate
// did not finish before the invite expired or the deadline passed. Like
// every note after the invite went out, a failure to write it is recorded,
// not fatal.
func (t *testInvitation) noteExpired(ctx workflow.Context, inviteStatus string) (TestStatus, error) {
	reason := "the invite expired before the candidate finished the test"
	if err := tagOpportunity(ctx, t.in.OpportunityRef, TagExpired); err != nil {
		reason += "; could not tag it " + TagExpired + ": " + recruiterReason(err)
	}
	note := notFinishedNote(t.in.TestID, t.status.TestName, inviteStatus, workflow.Now(ctx))
	if err := addNote(ctx, t.in.OpportunityRef, note, t.in.EarlierRun); err != nil {
		reason += "; could not note it: " + recruiterReason(err)
	}
	return t.finish(ctx, StateExpired, reason)
}

// cancelForArchive cancels the open invite because Lever archived the
// opportunity. An invite that finished first is checked as on a callback:
// done, its report is acted on as usual. Otherwise the test invitation ends
// Cancelled (cancelledForArchive), even when Codejudge did not answer: the
// archived opportunity is not followed any more, and the note says so.
func (t *testInvitation) cancelForArchive(ctx workflow.Context) activities.InviteReport {
	ref := activities.GetInviteInput{ConnectionID: t.in.ConnectionID, InviteID: t.status.InviteID}
	change, err := cancelInvite(ctx, ref)
	if err == nil && change.AlreadyFinished {
		if report, done := t.checkInvite(ctx); done {
			return report
		}
	}
	if err != nil {
		t.logger.Warn("could not cancel the invite of an archived opportunity", "inviteId", t.status.InviteID, "error", err)
	}
	t.cancelledForArchive, t.cancelErr = true, err
	return activities.InviteReport{Status: activities.InviteStatusCancelled}
}

// noteArchived notes the cancel of an archived opportunity's invite and ends
// Cancelled.
func (t *testInvitation) noteArchived(ctx workflow.Context) (TestStatus, error) {
	reason := "the opportunity was archived in Lever: the invite was cancelled"
	note := archivedNote(t.in.TestID, t.status.TestName)
	if t.cancelErr != nil {
		reason = "the opportunity was archived in Lever; the invite could not be cancelled: " + recruiterReason(t.cancelErr)
		note = archivedCancelFailedNote(t.in.TestID, t.status.TestName)
	}
	if err := addNote(ctx, t.in.OpportunityRef, note, t.in.EarlierRun); err != nil {
		reason += "; could not note it: " + recruiterReason(err)
	}
	return t.finish(ctx, StateCancelled, reason)
}
