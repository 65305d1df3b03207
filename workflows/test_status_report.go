package workflows

import (
	"go.temporal.io/sdk/workflow"
)

// reportToParent tells the CandidateAssessment that started this
// TestInvitation of its new status (TestStatusSignal), so the parent's status
// query and details show the truth while the child waits. A child started on
// its own (tests) has no parent to tell. The signal is not awaited: it is
// sent with this workflow task, and a parent that has closed needs no news.
func reportToParent(ctx workflow.Context, status TestStatus) {
	parent := workflow.GetInfo(ctx).ParentWorkflowExecution
	if parent == nil {
		return
	}
	workflow.SignalExternalWorkflow(ctx, parent.ID, "", TestStatusSignal, status)
}
