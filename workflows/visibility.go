package workflows

import (
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// setState records a new state in the CJStatus search attribute (for the UI
// and list filters) and counts it in the assessment_state_transitions metric
// (the SDK's handler skips it during replay). The status query reads the same
// state from memory.
func setState(ctx workflow.Context, logger log.Logger, state State) {
	workflow.GetMetricsHandler(ctx).WithTags(map[string]string{"state": string(state)}).
		Counter("cjlever_assessment_state_transitions").Inc(1)
	err := workflow.UpsertTypedSearchAttributes(ctx, SearchAttrStatus.ValueSet(string(state)))
	if err != nil {
		logger.Warn("could not record state", "state", state, "error", err)
	}
}

// setIdentity records which connection, opportunity and tests a workflow is
// about, so support can find it by any of them.
func setIdentity(ctx workflow.Context, logger log.Logger, connectionID, opportunityID string, testIDs []string) {
	updates := []temporal.SearchAttributeUpdate{
		SearchAttrConnection.ValueSet(connectionID),
		SearchAttrOpportunity.ValueSet(opportunityID),
	}
	if len(testIDs) > 0 {
		updates = append(updates, SearchAttrTestIDs.ValueSet(testIDs))
	}
	if err := workflow.UpsertTypedSearchAttributes(ctx, updates...); err != nil {
		logger.Warn("could not record identity", "error", err)
	}
}
