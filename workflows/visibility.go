package workflows

import (
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// setState records a new state in the CJStatus search attribute (for the UI
// and list filters) with its time in CJLastChange, and counts it in the
// assessment_state_transitions metric (the SDK's handler skips it during
// replay). The status query reads the same state from memory.
func setState(ctx workflow.Context, logger log.Logger, state State) {
	workflow.GetMetricsHandler(ctx).WithTags(map[string]string{"state": string(state)}).
		Counter("cjlever_assessment_state_transitions").Inc(1)
	upsertAttributes(ctx, logger, SearchAttrStatus.ValueSet(string(state)), SearchAttrLastChange.ValueSet(workflow.Now(ctx)))
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
	upsertAttributes(ctx, logger, updates...)
}

// upsertAttributes records search attributes; visibility is a help, so a
// failure is logged, not fatal. They hold ids only: they are not encrypted.
func upsertAttributes(ctx workflow.Context, logger log.Logger, updates ...temporal.SearchAttributeUpdate) {
	if err := workflow.UpsertTypedSearchAttributes(ctx, updates...); err != nil {
		logger.Warn("could not record search attributes", "error", err)
	}
}

// moveTo is the one place an assessment's state changes: the status query,
// CJStatus and CJLastChange, what happened (Events) and the current details
// the UI shows. CJStatus and CJLastChange are written only when the state changes: each
// write is a history event.
func (w *candidateAssessment) moveTo(ctx workflow.Context, state State, reason string) {
	if state != w.status.State || reason != w.status.Reason {
		w.event(ctx, stateEventText(state, reason))
	}
	if state != w.status.State {
		setState(ctx, w.logger, state)
	}
	w.status.State, w.status.Reason = state, reason
	w.showDetails(ctx)
}

// event appends to what happened, dropping the oldest beyond MaxStatusEvents.
func (w *candidateAssessment) event(ctx workflow.Context, text string) {
	w.status.Events = append(w.status.Events, StatusEvent{At: workflow.Now(ctx), Text: text})
	if over := len(w.status.Events) - MaxStatusEvents; over > 0 {
		w.status.Events = append([]StatusEvent(nil), w.status.Events[over:]...)
	}
}

// showDetails sets the current details the Temporal UI shows: what the
// assessment waits for, in a sentence.
func (w *candidateAssessment) showDetails(ctx workflow.Context) {
	workflow.SetCurrentDetails(ctx, assessmentDetails(w.status))
}
