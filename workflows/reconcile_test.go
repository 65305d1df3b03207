package workflows_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/workflows"
)

const reconcileStage = "stage-assessment"

// reconcileLever serves the reconciliation's activities from fixed pages,
// keyed by the token that reads them ("" the first).
type reconcileLever struct {
	pages map[string]activities.StagePage

	mu     sync.Mutex
	listed []activities.StagePageInput
}

func (f *reconcileLever) ReadReconcileSettings(_ context.Context, connectionID string) (activities.ReconcileSettings, error) {
	if connectionID != conn {
		return activities.ReconcileSettings{}, temporal.NewNonRetryableApplicationError("unknown connection", activities.ErrTypeBadInput, nil)
	}
	return activities.ReconcileSettings{TriggerStageID: reconcileStage, ScoreBands: &config.ScoreBands{FailPercentage: 40, FailTag: "CJ Low score"}}, nil
}

func (f *reconcileLever) ListStagePage(_ context.Context, in activities.StagePageInput) (activities.StagePage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.listed = append(f.listed, in)
	return f.pages[in.Next], nil
}

// assessments stands in for CandidateAssessment: it records each start and
// ends as outcome says (nil: completed; a duration: still running that long).
type assessments struct {
	mu      sync.Mutex
	started []workflows.AssessmentInput
	runFor  time.Duration
	fail    bool
}

func (a *assessments) run(ctx workflow.Context, in workflows.AssessmentInput) error {
	a.mu.Lock()
	a.started = append(a.started, in)
	a.mu.Unlock()
	if a.runFor > 0 {
		return workflow.Sleep(ctx, a.runFor)
	}
	if a.fail {
		return temporal.NewApplicationError("failed", workflows.ErrTypeAssessmentFailed)
	}
	return nil
}

func (a *assessments) opportunities() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var ids []string
	for _, in := range a.started {
		ids = append(ids, in.OpportunityID)
	}
	return ids
}

// reconcileTwice runs Reconcile, then again once the first has ended, as
// the schedule does, and returns both runs' counts.
func reconcileTwice(ctx workflow.Context, in workflows.ReconcileInput) ([2]workflows.ReconcileCounts, error) {
	var counts [2]workflows.ReconcileCounts
	for i := range counts {
		cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{WorkflowID: "reconcile-run-" + string(rune('a'+i))})
		if err := workflow.ExecuteChildWorkflow(cctx, workflows.ReconcileWorkflowName, in).Get(ctx, &counts[i]); err != nil {
			return counts, err
		}
	}
	return counts, nil
}

func newReconcileEnv(t *testing.T, lever *reconcileLever, stub *assessments) *testsuite.TestWorkflowEnvironment {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(workflows.Reconcile, workflow.RegisterOptions{Name: workflows.ReconcileWorkflowName})
	env.RegisterWorkflowWithOptions(stub.run, workflow.RegisterOptions{Name: workflows.CandidateAssessmentWorkflowName})
	env.RegisterWorkflow(reconcileTwice)
	env.RegisterActivity(lever)
	return env
}

func stageOpp(id string, tags, postingTags []string) activities.StageOpportunity {
	return activities.StageOpportunity{OpportunityID: id, Tags: tags, PostingTags: postingTags}
}

// twoPages holds one opportunity of each kind over two pages.
func twoPages() *reconcileLever {
	return &reconcileLever{pages: map[string]activities.StagePage{
		"": {Next: "page-2", Opportunities: []activities.StageOpportunity{
			stageOpp("own-tag", []string{"cj-81519", "referral"}, nil),
			stageOpp("posting-tag", []string{"referral"}, []string{"CJ-81519"}),
			stageOpp("no-test", []string{"referral"}, []string{"backend"}),
		}},
		"page-2": {Opportunities: []activities.StageOpportunity{
			stageOpp("invited", []string{"CJ-81519", workflows.TagInviteSent}, nil),
			stageOpp("errored", []string{workflows.TagError}, []string{"CJ-81519"}),
			stageOpp("expired", []string{"CJ-81519", workflows.TagExpired}, nil),
			stageOpp("second-page", nil, []string{"CJ-4"}),
		}},
	}}
}

func TestReconcileStartsTheAssessmentsThatAreMissing(t *testing.T) {
	lever, stub := twoPages(), &assessments{}
	env := newReconcileEnv(t, lever, stub)
	env.ExecuteWorkflow(workflows.ReconcileWorkflowName, workflows.ReconcileInput{ConnectionID: conn})
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	var counts workflows.ReconcileCounts
	require.NoError(t, env.GetWorkflowResult(&counts))

	require.Equal(t, workflows.ReconcileCounts{Listed: 7, Eligible: 3, Started: 3}, counts)
	require.ElementsMatch(t, []string{"own-tag", "posting-tag", "second-page"}, stub.opportunities())
	require.Equal(t, []activities.StagePageInput{
		{ConnectionID: conn, StageID: reconcileStage},
		{ConnectionID: conn, StageID: reconcileStage, Next: "page-2"},
	}, lever.listed)
	for _, in := range stub.started {
		require.Equal(t, workflows.TriggerReconciliation, in.Trigger)
		require.Equal(t, reconcileStage, in.TriggerStageID)
		require.Equal(t, conn, in.ConnectionID)
		require.False(t, in.EventTriggeredAt.IsZero())
		require.Equal(t, &workflows.ScoreBands{FailPercentage: 40, FailTag: "CJ Low score"}, in.ScoreBands,
			"the connection's bands, as the gateway's starts carry them")
	}
}

func TestReconcileAgainStartsNothingNew(t *testing.T) {
	cases := map[string]struct {
		stub      *assessments
		secondRun workflows.ReconcileCounts
	}{
		"assessments still running": {&assessments{runFor: 24 * time.Hour},
			workflows.ReconcileCounts{Listed: 7, Eligible: 3, AlreadyStarted: 3}},
		"assessments completed": {&assessments{},
			workflows.ReconcileCounts{Listed: 7, Eligible: 3, AlreadyStarted: 3}},
		// A failed assessment (CJ Error since removed) may start afresh,
		// as a stage change would start it.
		"assessments failed": {&assessments{fail: true},
			workflows.ReconcileCounts{Listed: 7, Eligible: 3, Started: 3}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			env := newReconcileEnv(t, twoPages(), tc.stub)
			env.ExecuteWorkflow(reconcileTwice, workflows.ReconcileInput{ConnectionID: conn})
			require.True(t, env.IsWorkflowCompleted())
			require.NoError(t, env.GetWorkflowError())
			var counts [2]workflows.ReconcileCounts
			require.NoError(t, env.GetWorkflowResult(&counts))
			require.Equal(t, workflows.ReconcileCounts{Listed: 7, Eligible: 3, Started: 3}, counts[0])
			require.Equal(t, tc.secondRun, counts[1])
		})
	}
}

func TestReconcileResumesWhereItsLastRunStopped(t *testing.T) {
	lever, stub := twoPages(), &assessments{}
	env := newReconcileEnv(t, lever, stub)
	env.ExecuteWorkflow(workflows.ReconcileWorkflowName, workflows.ReconcileInput{ConnectionID: conn,
		Progress: &workflows.ReconcileProgress{StageID: reconcileStage, Next: "page-2", Pages: 1,
			Counts: workflows.ReconcileCounts{Listed: 3, Eligible: 2, Started: 2}}})
	require.True(t, env.IsWorkflowCompleted())
	var counts workflows.ReconcileCounts
	require.NoError(t, env.GetWorkflowResult(&counts))
	require.Equal(t, workflows.ReconcileCounts{Listed: 7, Eligible: 3, Started: 3}, counts)
	require.Equal(t, []string{"second-page"}, stub.opportunities())
	require.Equal(t, []activities.StagePageInput{{ConnectionID: conn, StageID: reconcileStage, Next: "page-2"}}, lever.listed)
}

func TestReconcileOfAnUnknownConnectionFails(t *testing.T) {
	env := newReconcileEnv(t, twoPages(), &assessments{})
	env.ExecuteWorkflow(workflows.ReconcileWorkflowName, workflows.ReconcileInput{ConnectionID: "nobody"})
	require.True(t, env.IsWorkflowCompleted())
	var appErr *temporal.ApplicationError
	require.ErrorAs(t, env.GetWorkflowError(), &appErr)
	require.Equal(t, activities.ErrTypeBadInput, appErr.Type())
}
