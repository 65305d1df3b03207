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
	return leverSteps(ctx, ref, tagWrite(ref, tags...))[0]
}

func removeTags(ctx workflow.Context, ref activities.OpportunityRef, tags ...string) error {
	var a *activities.Activities
	return leverSteps(ctx, ref, leverWrite{a.RemoveTags, activities.TagInput{OpportunityRef: ref, Tags: tags}})[0]
}

// addNote writes a note; mayExist says an earlier run may have written it
// already, so the activity looks first.
func addNote(ctx workflow.Context, ref activities.OpportunityRef, text string, mayExist bool) error {
	return leverSteps(ctx, ref, noteWrite(ref, text, mayExist))[0]
}

// leverWrite is one Lever write with no result: an activity and its input.
type leverWrite struct {
	activity, in any
}

func tagWrite(ref activities.OpportunityRef, tags ...string) leverWrite {
	var a *activities.Activities
	return leverWrite{a.TagOpportunity, activities.TagInput{OpportunityRef: ref, Tags: tags}}
}

func noteWrite(ref activities.OpportunityRef, text string, mayExist bool) leverWrite {
	var a *activities.Activities
	return leverWrite{a.AddNote, activities.NoteInput{OpportunityRef: ref, Text: text, MayExist: mayExist}}
}

func linkWrite(ref activities.OpportunityRef, url string) leverWrite {
	var a *activities.Activities
	return leverWrite{a.AddLink, activities.LinkInput{OpportunityRef: ref, URL: url}}
}

// leverWritesAtOnce is the change (workflow.GetVersion) that made
// independent Lever writes go out at once: runs that made them one after
// another before it replay that way.
const leverWritesAtOnce = "lever-writes-at-once"

// leverSteps runs Lever writes for an assessment under way, all at once:
// writes that do not depend on each other (an invite's tag and note, a
// result's link and note) each cost a round trip through the account's
// queue, and one after another they add up to the time a recruiter waits.
// The account's queue still paces them. A write that meets a connection
// needing re-authorisation waits it out and is tried again on its own, so
// that one wait at a time shows in the status. It returns each write's
// error, in order.
func leverSteps(ctx workflow.Context, ref activities.OpportunityRef, writes ...leverWrite) []error {
	if len(writes) > 1 && workflow.GetVersion(ctx, leverWritesAtOnce, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return leverStepsInTurn(ctx, ref, writes)
	}
	start := func(ctx workflow.Context, w leverWrite) workflow.Future {
		return workflow.ExecuteActivity(withLeverActivities(ctx, ref.ConnectionID, priorityUnderWay), w.activity, w.in)
	}
	futures := make([]workflow.Future, len(writes))
	for i, w := range writes {
		futures[i] = start(ctx, w)
	}
	errs := make([]error, len(writes))
	waited := false
	for i, f := range futures {
		again := func(ctx workflow.Context) (struct{}, error) { return struct{}{}, start(ctx, writes[i]).Get(ctx, nil) }
		err := f.Get(ctx, nil)
		if waited && needsReauthorization(err) {
			// An earlier write waited out the same refusal: try at once.
			_, err = again(ctx)
		}
		waited = waited || needsReauthorization(err)
		_, errs[i] = retriedUntilReauthorized(ctx, struct{}{}, err, again)
	}
	return errs
}

// leverStepsInTurn is leverSteps before leverWritesAtOnce: one write after
// another.
func leverStepsInTurn(ctx workflow.Context, ref activities.OpportunityRef, writes []leverWrite) []error {
	errs := make([]error, len(writes))
	for i, w := range writes {
		errs[i] = leverSteps(ctx, ref, w)[0]
	}
	return errs
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
