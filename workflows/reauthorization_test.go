package workflows_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

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

// The Connection workflow's signal ends a wait at once: the read is tried
// again a minute in, not at the five-minute re-check. Meanwhile CJStatus
// says the assessment waits; then it is back to what it was.
func TestReauthorizedSignalEndsTheWait(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	fake.readErrs = []error{needsReauthorizationErr()}
	env := newEnv(t, fake)
	statuses := recordStatuses(env)
	env.RegisterDelayedCallback(func() { env.SignalWorkflow(workflows.ConnectionReauthorizedSignal, nil) }, time.Minute)
	var readsAfterSignal int
	env.RegisterDelayedCallback(func() { readsAfterSignal = fake.readCalls }, 2*time.Minute)
	signalCompletion(env, fake, "CJ-81519", time.Hour)
	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	require.NoError(t, env.GetWorkflowError())
	require.Equal(t, 2, readsAfterSignal, "the refused read, then one right after the signal")
	require.Equal(t, workflows.StateCompleted, result(t, env).State)
	require.Equal(t, []string{string(workflows.StateResolving), string(workflows.StateWaitingForReauthorization),
		string(workflows.StateResolving), string(workflows.StateInviting)}, (*statuses)[:4],
		"the assessment's own (its test invitation's follow)")
}

// recordStatuses records each CJStatus the workflow sets, in order.
func recordStatuses(env *testsuite.TestWorkflowEnvironment) *[]string {
	var statuses []string
	env.OnUpsertTypedSearchAttributes(mock.Anything).Return(nil).Run(func(args mock.Arguments) {
		if status, ok := args.Get(0).(temporal.SearchAttributes).GetKeyword(workflows.SearchAttrStatus); ok {
			statuses = append(statuses, status)
		}
	}).Maybe()
	return &statuses
}

// An invite's tag and note go out at once; when both meet a connection that
// needs re-authorisation, the test invitation waits once, and the signal
// that ends the wait sends both again: no second wait, no write lost.
func TestWritesMadeAtOnceWaitOnceForReauthorization(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	fake.tagErrs = []error{needsReauthorizationErr()}
	fake.noteErrs = []error{needsReauthorizationErr()}
	env := newEnv(t, fake)
	statuses := recordStatuses(env)
	var writesBeforeSignal, writesAfterSignal int
	env.RegisterDelayedCallback(func() { writesBeforeSignal = fake.writeCalls }, time.Minute)
	signalRoot(env, 2*time.Minute, workflows.ConnectionReauthorizedSignal, nil, nil)
	env.RegisterDelayedCallback(func() { writesAfterSignal = fake.writeCalls }, 3*time.Minute)
	env.RegisterDelayedCallback(func() {
		env.SignalWorkflow(workflows.InviteFinishedSignal, workflows.InviteFinished{InviteID: fake.complete("CJ-81519")})
	}, time.Hour)
	startInvitation(t, env, workflows.Timing{}, nil)

	status := testResult(t, env)
	require.Equal(t, workflows.StateCompleted, status.State)
	require.Equal(t, 2, writesBeforeSignal, "the tag and the note, at once, both refused")
	require.Equal(t, 4, writesAfterSignal, "both again right after the signal")
	require.Equal(t, 1, countOf(*statuses, string(workflows.StateWaitingForReauthorization)), "one wait")
	tags, notes, _, _ := fake.snapshot()
	require.Contains(t, tags, workflows.TagInviteSent)
	require.Len(t, notes, 2, "the invite's note and the result's")
}

func countOf(list []string, s string) int {
	n := 0
	for _, v := range list {
		if v == s {
			n++
		}
	}
	return n
}
