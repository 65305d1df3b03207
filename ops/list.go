package ops

import (
	"context"
	"fmt"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/converter"

	"github.com/cjlever/cjlever/workflows"
)

// Summary is one assessment run as Temporal's visibility store lists it: ids
// and states only, no candidate data.
type Summary struct {
	WorkflowID  string
	RunID       string
	Connection  string
	Opportunity string
	// Status is the CJStatus search attribute.
	Status string
	// LastChange is when Status last changed (zero if not recorded).
	LastChange time.Time `json:",omitzero"`
	StartTime  time.Time
	CloseTime  time.Time `json:",omitzero"`
	// Execution is Temporal's view: Running, Completed, Failed, ...
	Execution string
}

// Running reports whether the run is still open.
func (s Summary) Running() bool {
	return s.Execution == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING.String()
}

// List lists the assessment runs the filter selects, all pages, newest first
// (visibility's order).
func (s *Service) List(ctx context.Context, f Filter) ([]Summary, error) {
	query, err := f.Query(s.now())
	if err != nil {
		return nil, err
	}
	var out []Summary
	var page []byte
	for {
		resp, err := s.temporal.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: query, NextPageToken: page})
		if err != nil {
			return nil, fmt.Errorf("listing assessments (%s): %w", query, err)
		}
		for _, ex := range resp.GetExecutions() {
			out = append(out, summaryOf(ex))
		}
		if page = resp.GetNextPageToken(); len(page) == 0 {
			return out, nil
		}
	}
}

// summaryOf reads a visibility record.
func summaryOf(ex *workflowpb.WorkflowExecutionInfo) Summary {
	sa := ex.GetSearchAttributes()
	s := Summary{
		WorkflowID:  ex.GetExecution().GetWorkflowId(),
		RunID:       ex.GetExecution().GetRunId(),
		Connection:  keyword(sa, workflows.SearchAttrConnection.GetName()),
		Opportunity: keyword(sa, workflows.SearchAttrOpportunity.GetName()),
		Status:      keyword(sa, workflows.SearchAttrStatus.GetName()),
		StartTime:   ex.GetStartTime().AsTime(),
		Execution:   ex.GetStatus().String(),
	}
	if ex.GetCloseTime() != nil {
		s.CloseTime = ex.GetCloseTime().AsTime()
	}
	if p := sa.GetIndexedFields()[workflows.SearchAttrLastChange.GetName()]; p != nil {
		_ = converter.GetDefaultDataConverter().FromPayload(p, &s.LastChange)
	}
	return s
}

// keyword is a keyword search attribute's value, "" if unset. Search
// attributes are stored unencrypted (they are indexed): the default
// converter reads them.
func keyword(sa *commonpb.SearchAttributes, name string) string {
	var v string
	if p := sa.GetIndexedFields()[name]; p != nil {
		_ = converter.GetDefaultDataConverter().FromPayload(p, &v)
	}
	return v
}
