package workflows

import (
	"errors"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

// ApplicationCheck handles Lever's applicationCreated event, which does not
// say the new opportunity's stage. It reads the opportunity and, only when it
// stands in the trigger stage, starts the CandidateAssessment (abandoned, so
// it outlives this check). Most applications start elsewhere; checking them
// under their own id keeps the assessment id free for the stage change that
// later moves the candidate into the trigger stage.
func ApplicationCheck(ctx workflow.Context, in AssessmentInput) (State, error) {
	logger := log.With(workflow.GetLogger(ctx), "connection", in.ConnectionID, "opportunity", in.OpportunityID)
	opp, err := readOpportunity(ctx, activities.OpportunityRef{ConnectionID: in.ConnectionID, OpportunityID: in.OpportunityID})
	if err != nil {
		return StateError, err
	}
	if ok, reason := qualifies(opp, in.TriggerStageID, in.EventTriggeredAt); !ok {
		logger.Info("the application does not qualify for an assessment", "reason", reason)
		return StateSkipped, nil
	}
	if err := startAssessment(ctx, in); err != nil {
		return StateError, err
	}
	return StateQueued, nil
}

// startAssessment starts the opportunity's CandidateAssessment as an
// abandoned child and returns once it has started (or was already running).
func startAssessment(ctx workflow.Context, in AssessmentInput) error {
	err := startAssessmentChild(ctx, in).Get(ctx, nil)
	var already *temporal.ChildWorkflowExecutionAlreadyStartedError
	if errors.As(err, &already) {
		// A stage change got there first: one assessment is enough.
		return nil
	}
	return err
}

// startAssessmentChild starts the opportunity's CandidateAssessment as an
// abandoned child. The future is ready once it has started, or fails with a
// ChildWorkflowExecutionAlreadyStartedError when one runs already or ended
// well: only a failed one is started afresh.
func startAssessmentChild(ctx workflow.Context, in AssessmentInput) workflow.Future {
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
	return workflow.ExecuteChildWorkflow(cctx, CandidateAssessmentWorkflowName, in).GetChildWorkflowExecution()
}
