// Package worker builds the Temporal worker that runs cjlever's workflows and
// activities.
package worker

import (
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
	"github.com/cjlever/cjlever/workflows"
)

// Register registers the workflows under their exported names and every
// activity (each exported method of acts) under its method name, which is
// the name the workflows call it by.
func Register(r sdkworker.Registry, acts *activities.Activities) {
	r.RegisterWorkflowWithOptions(workflows.CandidateAssessment, workflow.RegisterOptions{Name: workflows.CandidateAssessmentWorkflowName})
	r.RegisterWorkflowWithOptions(workflows.TestInvitation, workflow.RegisterOptions{Name: workflows.TestInvitationWorkflowName})
	r.RegisterWorkflowWithOptions(workflows.ApplicationCheck, workflow.RegisterOptions{Name: workflows.ApplicationCheckWorkflowName})
	r.RegisterWorkflowWithOptions(workflows.DeliveryToken, workflow.RegisterOptions{Name: workflows.DeliveryTokenWorkflowName})
	r.RegisterWorkflowWithOptions(workflows.Connection, workflow.RegisterOptions{Name: workflows.ConnectionWorkflowName})
	r.RegisterWorkflowWithOptions(workflows.Reconcile, workflow.RegisterOptions{Name: workflows.ReconcileWorkflowName})
	r.RegisterActivity(acts)
}

// New returns a worker on cjlever's task queue; Start or Run it.
func New(c client.Client, acts *activities.Activities, opts sdkworker.Options) sdkworker.Worker {
	w := sdkworker.New(c, workflows.TaskQueue, opts)
	Register(w, acts)
	return w
}
