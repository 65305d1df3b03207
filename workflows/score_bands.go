package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

// chooseScoreBands picks the bands for an opportunity on a posting: the
// posting's own if the connection has them, else the connection's (nil:
// none). The parent passes them into each TestInvitationInput.
func chooseScoreBands(in AssessmentInput, postingID string) *ScoreBands {
	if b, ok := in.PostingScoreBands[postingID]; ok && postingID != "" {
		return &b
	}
	return in.ScoreBands
}

// actOnScore acts on a posted result by the score bands: a result flagged
// for plagiarism is only noted for a person; at or above the pass mark the
// opportunity moves to the pass stage; below the fail mark it is tagged. It
// returns what could not be written (the result is posted already, so that
// is recorded, not fatal).
func (t *testInvitation) actOnScore(ctx workflow.Context, r activities.Result) string {
	b := t.in.ScoreBands
	if b == nil {
		return ""
	}
	ref, name := t.in.OpportunityRef, t.status.TestName
	var note string
	var err error
	switch {
	case r.PlagiarismFlagged:
		note = plagiarismNote()
	case b.PassStageID != "" && r.Percentage >= b.PassPercentage:
		note = passedNote(t.in.TestID, name, r.Percentage, b.PassPercentage)
		err = moveStage(ctx, ref, b.PassStageID)
	case b.FailTag != "" && r.Percentage < b.FailPercentage:
		note = failedNote(t.in.TestID, name, r.Percentage, b.FailPercentage, b.FailTag)
		err = tagOpportunity(ctx, ref, b.FailTag)
	default:
		return ""
	}
	if err != nil {
		return "could not act on the score: " + recruiterReason(err)
	}
	if err := addNote(ctx, ref, note, t.in.EarlierRun); err != nil {
		return "could not note what the score did: " + recruiterReason(err)
	}
	return ""
}
