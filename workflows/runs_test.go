package workflows_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"github.com/cjlever/cjlever/workflows"
)

// A recruiter who re-triggers an assessment (a second run for the same
// opportunity) gets the invite that exists, not a CJ Error: the idempotency
// key names the invite, not the run.
func TestRetriggeredAssessmentAdoptsTheExistingInvite(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	first := newEnv(t, fake)
	first.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange()) // no result by the deadline
	require.Equal(t, workflows.StateExpired, result(t, first).State)

	second := newEnv(t, fake)
	signalCompletion(second, fake, "CJ-81519", time.Hour)
	second.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	require.NoError(t, second.GetWorkflowError())
	status := result(t, second)
	require.Equal(t, workflows.StateCompleted, status.State)
	tags, _, _, inviteCalls := fake.snapshot()
	require.Equal(t, 2, inviteCalls)
	require.Len(t, fake.invites, 1, "both runs sent the same key: one invite")
	require.NotContains(t, tags, workflows.TagError)
}

// A cancelled assessment ends at once, its waiting test invitation too; so
// does one parked in NeedsAttention.
func TestCancelledAssessmentEnds(t *testing.T) {
	for name, tag := range map[string]string{"waiting": "CJ-81519", "parked": "Python"} {
		t.Run(name, func(t *testing.T) {
			fake := newFake(taggedOpportunity(tag))
			env := newEnv(t, fake)
			env.RegisterDelayedCallback(env.CancelWorkflow, time.Hour)
			env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

			require.True(t, env.IsWorkflowCompleted())
			var canceled *temporal.CanceledError
			require.ErrorAs(t, env.GetWorkflowError(), &canceled)
			require.Zero(t, fake.getCalls, "no check spun after the cancellation")
		})
	}
}
