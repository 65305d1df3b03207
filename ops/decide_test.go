package ops

import (
	"context"
	"errors"
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"github.com/cjlever/cjlever/workflows"
)

// notRunningClient answers every Update NotFound, as Temporal does for a
// workflow that never was and for one that has ended; Describe says which
// (closed nil: never was).
type notRunningClient struct {
	client.Client
	closed *workflowpb.WorkflowExecutionInfo
}

func (c notRunningClient) UpdateWorkflow(context.Context, client.UpdateWorkflowOptions) (client.WorkflowUpdateHandle, error) {
	return nil, serviceerror.NewNotFound("workflow not found")
}

func (c notRunningClient) DescribeWorkflowExecution(context.Context, string, string) (*workflowservice.DescribeWorkflowExecutionResponse, error) {
	if c.closed == nil {
		return nil, serviceerror.NewNotFound("workflow not found")
	}
	return &workflowservice.DescribeWorkflowExecutionResponse{WorkflowExecutionInfo: c.closed}, nil
}

func TestDecideTellsNoSuchAssessmentFromAnEndedOne(t *testing.T) {
	ref := Ref{Connection: "acme", Opportunity: "opp-1"}
	req := workflows.OpsRequest{Actor: "ops:test", Reason: "withdrew"}

	_, err := New(notRunningClient{}, Options{}).Retry(context.Background(), ref, req)
	if !errors.Is(err, ErrNotFound) || errors.Is(err, ErrRefused) {
		t.Errorf("retry of a never-started assessment = %v; want ErrNotFound", err)
	}
	ended := notRunningClient{closed: &workflowpb.WorkflowExecutionInfo{Status: enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED}}
	_, err = New(ended, Options{}).Dismiss(context.Background(), ref, req)
	if !errors.Is(err, ErrRefused) || err.Error() != "refused: assessment/acme/opp-1 has ended (Completed)" {
		t.Errorf("dismissal of an ended assessment = %v; want ErrRefused, has ended", err)
	}
}

func TestDismissRefusesABadReasonBeforeTemporal(t *testing.T) {
	svc := New(notRunningClient{}, Options{})
	for _, reason := range []string{"   ", string(make([]byte, MaxReasonLen+1))} {
		_, err := svc.Dismiss(context.Background(), Ref{Connection: "acme", Opportunity: "opp-1"}, workflows.OpsRequest{Actor: "a", Reason: reason})
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("Dismiss(reason %.10q) = %v; want ErrInvalid", reason, err)
		}
	}
}
