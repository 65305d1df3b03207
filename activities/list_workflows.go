package activities

import (
	"context"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/temporal"
)

// eachWorkflow calls do with the id of every workflow query lists, page by
// page, and stops at do's first error.
func (a *Activities) eachWorkflow(ctx context.Context, query string, do func(workflowID string) error) error {
	if a.Temporal == nil {
		return badInput("the worker has no Temporal client to list workflows with")
	}
	var page []byte
	for {
		resp, err := a.Temporal.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: query, NextPageToken: page})
		if err != nil {
			return temporal.NewApplicationErrorWithCause("listing the connection's assessments", ErrTypeTransient, err)
		}
		for _, ex := range resp.GetExecutions() {
			if err := do(ex.GetExecution().GetWorkflowId()); err != nil {
				return err
			}
		}
		if page = resp.GetNextPageToken(); len(page) == 0 {
			return nil
		}
	}
}
