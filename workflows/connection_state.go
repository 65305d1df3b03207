package workflows

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

// connectionStateShownChange versions followState: runs recorded before it
// neither showed their state nor woke waiting assessments.
const connectionStateShownChange = "connection-state-shown"

// followState runs until the history is long. Each time the connection's
// state changes it shows it in the Temporal UI: CJStatus (so support can
// list, e.g., WorkflowType = "Connection" AND CJStatus =
// "NeedsReauthorization") and the workflow's current details (with why).
// When the connection is Active again after needing re-authorisation, it
// wakes the connection's waiting assessments (reauthorization.go).
func (w *connection) followState(ctx workflow.Context) error {
	if workflow.GetVersion(ctx, connectionStateShownChange, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return workflow.Await(ctx, func() bool { return w.historyIsLong(ctx) })
	}
	shown := w.rec.State
	w.showState(ctx)
	for {
		err := workflow.Await(ctx, func() bool { return w.historyIsLong(ctx) || w.rec.State != shown })
		if err != nil || w.historyIsLong(ctx) {
			return err
		}
		was := shown
		shown = w.rec.State
		w.showState(ctx)
		if was == ConnectionNeedsReauthorization && shown == ConnectionActive {
			w.wakeAssessments(ctx)
		}
	}
}

// showState records the state in CJStatus and the current details.
func (w *connection) showState(ctx workflow.Context) {
	details := "Lever connection: " + string(w.rec.State)
	if w.rec.State == ConnectionNeedsReauthorization {
		details += ". " + w.rec.LastError
	}
	workflow.SetCurrentDetails(ctx, details)
	if err := workflow.UpsertTypedSearchAttributes(ctx, SearchAttrStatus.ValueSet(string(w.rec.State))); err != nil {
		w.logger.Warn("could not record the connection's state", "error", err)
	}
}

// wakeAssessments signals the connection's waiting assessments to try again
// now. A failure is logged, not fatal: their timers wake them later.
func (w *connection) wakeAssessments(ctx workflow.Context) {
	woken, err := wakeConnectionAssessments(ctx, activities.WakeAssessmentsInput{
		Query: waitingAssessmentsQuery(w.id), Signal: ConnectionReauthorizedSignal,
	})
	if err != nil {
		w.logger.Warn("could not wake the assessments waiting for re-authorisation", "error", err)
		return
	}
	w.logger.Info("woke the assessments waiting for re-authorisation", "woken", woken)
}

// waitingAssessmentsQuery lists a connection's workflows that wait for it to
// be re-authorised.
func waitingAssessmentsQuery(connectionID string) string {
	return fmt.Sprintf("%s = %q AND %s = %q AND ExecutionStatus = 'Running'",
		SearchAttrConnection.GetName(), connectionID, SearchAttrStatus.GetName(), StateWaitingForReauthorization)
}
