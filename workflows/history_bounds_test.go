package workflows_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
	"github.com/cjlever/cjlever/workflows"
)

func testInvitationInput() workflows.TestInvitationInput {
	return workflows.TestInvitationInput{
		OpportunityRef: activities.OpportunityRef{ConnectionID: conn, OpportunityID: opp},
		TestID:         "CJ-81519",
	}
}

// signalEvery sends n completion-looking signals (the invite is not complete)
// to the running workflow, gap apart, starting after first.
func signalEvery(t *testing.T, env interface {
	RegisterDelayedCallback(func(), time.Duration)
	SignalWorkflow(string, interface{})
}, n int, first, gap time.Duration) {
	t.Helper()
	for i := range n {
		env.RegisterDelayedCallback(func() {
			env.SignalWorkflow(workflows.InviteFinishedSignal, workflows.InviteFinished{InviteID: "inv-CJ-81519"})
		}, first+time.Duration(i)*gap)
	}
}

// A stream of callbacks cannot make the workflow call Codejudge (and grow its
// history) more than once a minute.
func TestCallbackStormChecksAtMostOnceAMinute(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	env := newEnv(t, fake)
	signalEvery(t, env, 100, time.Hour, time.Second) // 100 callbacks within 100 s
	env.RegisterDelayedCallback(func() { fake.complete("CJ-81519") }, 3*time.Hour)

	env.ExecuteWorkflow(workflows.TestInvitationWorkflowName, testInvitationInput())

	require.NoError(t, env.GetWorkflowError())
	// 100 s of callbacks span at most three one-minute slots; then the 6 h
	// poll finds the completion.
	require.LessOrEqual(t, fake.getCalls, 4)
	require.GreaterOrEqual(t, fake.getCalls, 2)
}

// A waiting run whose history reaches the cap continues as new, carrying the
// invite and an unanswered signal; the next run waits without inviting again.
func TestLongWaitContinuesAsNew(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	env := newEnv(t, fake)
	signalEvery(t, env, 2, time.Hour, 2*time.Minute)
	// The second signal comes once Temporal suggests continuing as new: the
	// new run acts on it.
	env.RegisterDelayedCallback(func() { env.SetContinueAsNewSuggested(true) }, time.Hour+time.Minute)

	env.ExecuteWorkflow(workflows.TestInvitationWorkflowName, testInvitationInput())

	var can *workflow.ContinueAsNewError
	require.ErrorAs(t, env.GetWorkflowError(), &can)
	require.Equal(t, workflows.TestInvitationWorkflowName, can.WorkflowType.Name)
	var next workflows.TestInvitationInput
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
	require.NotNil(t, next.Waiting)
	require.Equal(t, workflows.StateAwaitingResult, next.Waiting.Status.State)
	require.Equal(t, "inv-CJ-81519", next.Waiting.Status.InviteID)
	require.True(t, next.Waiting.Prompted, "the last signal is carried over")
	require.Equal(t, 1, fake.getCalls, "the run checked for the first signal only")

	// The candidate finished meanwhile: the carried signal makes the new run
	// look at once.
	fake.complete("CJ-81519")
	resumed := newEnv(t, fake)
	resumed.ExecuteWorkflow(workflows.TestInvitationWorkflowName, next)

	require.NoError(t, resumed.GetWorkflowError())
	var status workflows.TestStatus
	require.NoError(t, resumed.GetWorkflowResult(&status))
	require.Equal(t, workflows.StateCompleted, status.State)
	_, _, _, inviteCalls := fake.snapshot()
	require.Equal(t, 1, inviteCalls, "the resumed run did not invite again")
	require.Equal(t, 2, fake.getCalls)
}
