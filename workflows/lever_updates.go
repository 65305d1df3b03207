package workflows

import "go.temporal.io/sdk/workflow"

// The small Lever writes every workflow makes, named for what they do.

func tagOpportunity(ctx workflow.Context, ref OpportunityRef, tags ...string) error {
	return workflow.ExecuteActivity(ctx, TagOpportunityActivity, TagInput{OpportunityRef: ref, Tags: tags}).Get(ctx, nil)
}

func addNote(ctx workflow.Context, ref OpportunityRef, text string) error {
	return workflow.ExecuteActivity(ctx, AddNoteActivity, NoteInput{OpportunityRef: ref, Text: text}).Get(ctx, nil)
}

func addLink(ctx workflow.Context, ref OpportunityRef, url string) error {
	return workflow.ExecuteActivity(ctx, AddLinkActivity, LinkInput{OpportunityRef: ref, URL: url}).Get(ctx, nil)
}

// reportError tags the opportunity "CJ Error" and explains why in a note: the
// product's way of telling a recruiter that an assessment did not go out.
func reportError(ctx workflow.Context, ref OpportunityRef, note string) error {
	if err := tagOpportunity(ctx, ref, TagError); err != nil {
		return err
	}
	return addNote(ctx, ref, note)
}
