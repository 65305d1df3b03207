package workflows_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"github.com/cjlever/cjlever/activities"
	"github.com/cjlever/cjlever/workflows"
)

func needsReauthorizationErr() error {
	return temporal.NewNonRetryableApplicationError("connection acme needs to be connected to Lever again",
		activities.ErrTypeNeedsReauthorization, nil)
}

// An assessment whose connection needs re-authorisation waits, saying so in
// its status, and carries on once Lever answers again: no CJ Error.
func TestAssessmentWaitsForReauthorization(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	fake.readErrs = []error{needsReauthorizationErr(), needsReauthorizationErr(), needsReauthorizationErr()}
	env := newEnv(t, fake)
	var waiting workflows.AssessmentStatus
	env.RegisterDelayedCallback(func() {
		v, err := env.QueryWorkflow(workflows.StatusQuery)
		require.NoError(t, err)
		require.NoError(t, v.Get(&waiting))
	}, 10*time.Minute)
	signalCompletion(env, fake, "CJ-81519", 2*time.Hour)
	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	require.NoError(t, env.GetWorkflowError())
	status := result(t, env)
	require.Equal(t, workflows.StateCompleted, status.State)
	require.Empty(t, status.Waiting)
	require.Equal(t, workflows.WaitingForReauthorization, waiting.Waiting)
	require.Equal(t, 4, fake.readCalls, "three refusals, then the read that worked")
	tags, _, _, _ := fake.snapshot()
	require.NotContains(t, tags, workflows.TagError)
}

// A wait for re-authorisation ends with the assessment's cancellation.
func TestCancelledWhileWaitingForReauthorization(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	for range 100 {
		fake.readErrs = append(fake.readErrs, needsReauthorizationErr())
	}
	env := newEnv(t, fake)
	env.RegisterDelayedCallback(env.CancelWorkflow, 3*time.Hour)
	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	var canceled *temporal.CanceledError
	require.ErrorAs(t, env.GetWorkflowError(), &canceled)
	require.Less(t, fake.readCalls, 10, "the re-checks grew apart")
}
