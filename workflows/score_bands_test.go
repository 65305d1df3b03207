package workflows_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/workflows"
)

// The assessment hands its test invitations the bands of the opportunity's
// posting, over the connection's: a result of 82% passes the posting's mark
// of 80 and moves the candidate to the posting's stage, although the
// connection's own mark (90) would not.
func TestTheAssessmentActsOnThePostingsScoreBands(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	env := newEnv(t, fake)
	signalCompletion(env, fake, "CJ-81519", time.Hour)
	in := stageChange()
	in.ScoreBands = &workflows.ScoreBands{PassPercentage: 90, PassStageID: "stage-connection"}
	in.PostingScoreBands = map[string]workflows.ScoreBands{"post-1": {PassPercentage: 80, PassStageID: "stage-onsite"}}
	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, in)

	require.NoError(t, env.GetWorkflowError())
	require.Equal(t, workflows.StateCompleted, result(t, env).State)
	fake.mu.Lock()
	defer fake.mu.Unlock()
	require.Equal(t, []string{"stage-onsite"}, fake.stages)
}
