package activities

import (
	"context"
	"strings"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
)

// EndConnectionAssessments notes on each running assessment's opportunity
// that the connection was disabled, then cancels the assessment. The note
// is best effort (the grant may already be refused); the cancel is not. A
// retried attempt may note an opportunity twice, never skip a cancel.
func (a *Activities) EndConnectionAssessments(ctx context.Context, in EndAssessmentsInput) (EndedAssessments, error) {
	var ended EndedAssessments
	err := a.eachWorkflow(ctx, in.Query, func(id string) error {
		if a.noteEnded(ctx, in, strings.TrimPrefix(id, in.WorkflowIDPrefix)) {
			ended.Noted++
		}
		if err := a.Temporal.CancelWorkflow(ctx, id, ""); err != nil {
			return temporal.NewApplicationErrorWithCause("cancelling assessment "+id, ErrTypeTransient, err)
		}
		ended.Cancelled++
		activity.RecordHeartbeat(ctx, ended)
		return nil
	})
	return ended, err
}

// noteEnded adds the note; false when Lever could not take it.
func (a *Activities) noteEnded(ctx context.Context, in EndAssessmentsInput, opportunityID string) bool {
	api, performAs, err := a.Accounts.Lever(ctx, in.ConnectionID)
	if err == nil {
		_, err = api.AddNote(ctx, opportunityID, in.Note, performAs)
	}
	if err != nil {
		activity.GetLogger(ctx).Warn("could not note the end of an assessment", "opportunity", opportunityID, "error", err)
		return false
	}
	return true
}
