package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

// The activities the workflows run, each under the API activity options (the
// Lever ones on their account's queue, waiting out a connection that needs
// re-authorisation: reauthorization.go) and named by its method: a method value on a nil *activities.Activities carries
// the method's name, which is the name the worker registers it under.

func readOpportunity(ctx workflow.Context, ref activities.OpportunityRef) (activities.Opportunity, error) {
	var a *activities.Activities
	return untilReauthorized(ctx, func(ctx workflow.Context) (activities.Opportunity, error) {
		var opp activities.Opportunity
		err := workflow.ExecuteActivity(withLeverActivities(ctx, ref.ConnectionID, priorityNewCandidate), a.ReadOpportunity, ref).Get(ctx, &opp)
		return opp, err
	})
}

// sendInvite is retried for at most the step bound (Timing.OutageBound): a
// Codejudge that stays down longer parks the assessment for ops.
func sendInvite(ctx workflow.Context, in activities.SendInviteInput) (activities.Invite, error) {
	var a *activities.Activities
	return untilReauthorized(ctx, func(ctx workflow.Context) (activities.Invite, error) {
		var inv activities.Invite
		err := workflow.ExecuteActivity(withAPIActivities(ctx), a.SendInvite, in).Get(ctx, &inv)
		return inv, err
	})
}

// getInvite runs within the wait loop's short bound (withInviteCheckActivities).
func getInvite(ctx workflow.Context, in activities.GetInviteInput) (activities.InviteReport, error) {
	var a *activities.Activities
	var report activities.InviteReport
	err := workflow.ExecuteActivity(withInviteCheckActivities(ctx), a.GetInvite, in).Get(ctx, &report)
	return report, err
}

func tagOpportunity(ctx workflow.Context, ref activities.OpportunityRef, tags ...string) error {
	var a *activities.Activities
	return leverStep(ctx, ref, a.TagOpportunity, activities.TagInput{OpportunityRef: ref, Tags: tags})
}

func removeTags(ctx workflow.Context, ref activities.OpportunityRef, tags ...string) error {
	var a *activities.Activities
	return leverStep(ctx, ref, a.RemoveTags, activities.TagInput{OpportunityRef: ref, Tags: tags})
}

// addNote writes a note; mayExist says an earlier run may have written it
// already, so the activity looks first.
func addNote(ctx workflow.Context, ref activities.OpportunityRef, text string, mayExist bool) error {
	var a *activities.Activities
	return leverStep(ctx, ref, a.AddNote, activities.NoteInput{OpportunityRef: ref, Text: text, MayExist: mayExist})
}

func addLink(ctx workflow.Context, ref activities.OpportunityRef, url string) error {
	var a *activities.Activities
	return leverStep(ctx, ref, a.AddLink, activities.LinkInput{OpportunityRef: ref, URL: url})
}

// leverStep runs a Lever write with no result for an assessment under way,
// waiting out a connection that needs re-authorisation.
func leverStep(ctx workflow.Context, ref activities.OpportunityRef, activity, in any) error {
	_, err := untilReauthorized(ctx, func(ctx workflow.Context) (struct{}, error) {
		return struct{}{}, workflow.ExecuteActivity(withLeverActivities(ctx, ref.ConnectionID, priorityUnderWay), activity, in).Get(ctx, nil)
	})
	return err
}

// reportError tags the opportunity "CJ Error" and explains why in a note: the
// product's way of telling a recruiter that an assessment did not go out, and
// the one place both are written. It
// returns the reason for the workflow's status, saying so when the tag or
// the note could not be written either. mayExist as for addNote.
func reportError(ctx workflow.Context, ref activities.OpportunityRef, note, reason string, mayExist bool) string {
	err := tagOpportunity(ctx, ref, TagError)
	if err == nil {
		err = addNote(ctx, ref, note, mayExist)
	}
	if err != nil {
		reason += "; and the CJ Error tag or note could not be written: " + recruiterReason(err)
	}
	return reason
}
