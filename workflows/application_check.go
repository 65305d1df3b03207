package workflows

import (
	"errors"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// ApplicationCheckWorkflowName is the workflow an applicationCreated webhook
// starts.
const ApplicationCheckWorkflowName = "ApplicationCheck"

// ApplicationCheckWorkflowID is the ApplicationCheck id for one opportunity,
// so a redelivered applicationCreated is recognised as a duplicate.
func ApplicationCheckWorkflowID(connectionID, opportunityID string) string {
	return "application-check" + idSeparator + connectionID + idSeparator + opportunityID
}

// ApplicationCheck handles Lever's applicationCreated event, which does not
// say the new opportunity's stage. It reads the opportunity and, only when it
// stands in the trigger stage, starts the CandidateAssessment (abandoned, so
// it outlives this check). Most applications start elsewhere; checking them
// under their own id keeps the assessment id free for the stage change that
// later moves the candidate into the trigger stage.
func ApplicationCheck(ctx workflow.Context, in AssessmentInput) (State, error) {
	ref := OpportunityRef{ConnectionID: in.ConnectionID, OpportunityID: in.OpportunityID}
	var opp Opportunity
	if err := workflow.ExecuteActivity(withAPIActivities(ctx), ReadOpportunityActivity, ref).Get(ctx, &opp); err != nil {
		return StateError, err
	}
	if opp.StageID != in.TriggerStageID {
		return StateSkipped, nil
	}
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:            AssessmentWorkflowID(in.ConnectionID, in.OpportunityID),
		WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY,
		ParentClosePolicy:     enumspb.PARENT_CLOSE_POLICY_ABANDON,
		TypedSearchAttributes: temporal.NewSearchAttributes(
			SearchAttrStatus.ValueSet(string(StateQueued)),
			SearchAttrConnection.ValueSet(in.ConnectionID),
			SearchAttrOpportunity.ValueSet(in.OpportunityID),
		),
	})
	child := workflow.ExecuteChildWorkflow(cctx, CandidateAssessmentWorkflowName, in)
	var started workflow.Execution
	err := child.GetChildWorkflowExecution().Get(ctx, &started)
	var already *temporal.ChildWorkflowExecutionAlreadyStartedError
	if errors.As(err, &already) {
		// A stage change got there first: one assessment is enough.
		return StateQueued, nil
	}
	if err != nil {
		return StateError, err
	}
	return StateQueued, nil
}

// StartWorkflow names the workflow type and id a gateway starts for an
// input: an ApplicationCheck for applicationCreated, else the
// CandidateAssessment itself.
func (in AssessmentInput) StartWorkflow() (workflowType, workflowID string) {
	if in.Trigger == TriggerApplicationCreated {
		return ApplicationCheckWorkflowName, ApplicationCheckWorkflowID(in.ConnectionID, in.OpportunityID)
	}
	return CandidateAssessmentWorkflowName, AssessmentWorkflowID(in.ConnectionID, in.OpportunityID)
}
