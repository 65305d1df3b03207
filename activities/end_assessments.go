package activities

import (
	"context"
	"strings"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
)

// EndConnectionAssessments notes on each running assessment's opportunity
// that the connection was disabled, then cancels the assessment. The note
// is best effort (the grant may already be refused); the cancel is not. A
// retried attempt may note an opportunity twice, never skip a cancel.
func (a *Activities) EndConnectionAssessments(ctx context.Context, in EndAssessmentsInput) (EndedAssessments, error) {
	if a.Temporal == nil {
		return EndedAssessments{}, badInput("the worker has no Temporal client to end assessments with")
	}
	var ended EndedAssessments
	var page []byte
	for {
		resp, err := a.Temporal.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: in.Query, NextPageToken: page})
		if err != nil {
			return ended, temporal.NewApplicationErrorWithCause("listing the connection's assessments", ErrTypeTransient, err)
		}
		for _, ex := range resp.GetExecutions() {
			id := ex.GetExecution().GetWorkflowId()
			if a.noteEnded(ctx, in, strings.TrimPrefix(id, in.WorkflowIDPrefix)) {
				ended.Noted++
			}
			if err := a.Temporal.CancelWorkflow(ctx, id, ""); err != nil {
				return ended, temporal.NewApplicationErrorWithCause("cancelling assessment "+id, ErrTypeTransient, err)
			}
			ended.Cancelled++
			activity.RecordHeartbeat(ctx, ended)
		}
		if page = resp.GetNextPageToken(); len(page) == 0 {
			return ended, nil
		}
	}
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
