//go:build !nodev

package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

// TestTwoTagRetriggerPostsTheResult is the example over HTTP: an
// opportunity tagged CJ-81519 (from its posting) and a mistyped CJ-99999.
// CJ-99999 is unknown to Codejudge: the assessment parks in NeedsAttention
// with CJ Error. The recruiter removes the wrong tag and moves the candidate
// into the trigger stage again: the assessment retries, CJ-81519's invite is
// not touched, CJ Error goes, and CJ-81519's result is posted.
func TestTwoTagRetriggerPostsTheResult(t *testing.T) {
	env := startTestDev(t)
	ctx := context.Background()
	tc := temporalClient(t, env)
	sc, opp, user := applyOnSandboxPosting(t, env, "Ada Lovelace", "ada@example.com")
	require.NoError(t, sc.lever.AddTags(ctx, opp.ID, []string{"CJ-99999"}, user))
	require.NoError(t, sc.move(ctx, opp.ID, sandbox.AssessmentStage))

	workflowID := workflows.AssessmentWorkflowID(sandbox.ConnectionID, opp.ID)
	eventually(t, "the assessment parks on CJ-99999 with CJ-81519 invited", func() bool {
		s, ok := queryAssessment(ctx, tc, workflowID)
		return ok && s.State == workflows.StateNeedsAttention && strings.Contains(s.Reason, "CJ-99999") &&
			testState(s, "CJ-81519") == workflows.StateAwaitingResult
	})
	o, err := sc.lever.GetOpportunity(ctx, opp.ID)
	require.NoError(t, err)
	require.Contains(t, o.Tags, workflows.TagError)

	require.NoError(t, sc.lever.RemoveTags(ctx, opp.ID, []string{"CJ-99999"}, user))
	require.NoError(t, sc.move(ctx, opp.ID, "Recruiter screen"))
	require.NoError(t, sc.move(ctx, opp.ID, sandbox.AssessmentStage))
	eventually(t, "the retry removed CJ Error", func() bool {
		o, err := sc.lever.GetOpportunity(ctx, opp.ID)
		return err == nil && !contains(o.Tags, workflows.TagError)
	})

	require.NoError(t, sc.complete(ctx, opp.ID, 82))
	var status workflows.AssessmentStatus
	require.NoError(t, tc.GetWorkflow(ctx, workflowID, "").Get(ctx, &status))
	require.Equal(t, workflows.StateCompleted, status.State)
	require.Len(t, status.Tests, 1)

	o, err = sc.lever.GetOpportunity(ctx, opp.ID)
	require.NoError(t, err)
	require.NotContains(t, o.Tags, workflows.TagError)
	notes, err := sc.lever.ListNotes(ctx, opp.ID)
	require.NoError(t, err)
	require.True(t, anyNote(notes, "Score: 82 / 100"), "results note: %+v", notes)
	require.True(t, anyNote(notes, "retried the invite"), "retry note: %+v", notes)
	require.False(t, anyNote(notes, "CJ-81519 could not be sent"), "no false CJ Error for CJ-81519: %+v", notes)
	recordHistory(t, tc, env.codec, workflowID, "candidate_assessment_retriggered")
}

func queryAssessment(ctx context.Context, tc client.Client, workflowID string) (workflows.AssessmentStatus, bool) {
	var s workflows.AssessmentStatus
	v, err := tc.QueryWorkflow(ctx, workflowID, "", workflows.StatusQuery)
	return s, err == nil && v.Get(&s) == nil
}

func testState(s workflows.AssessmentStatus, testID string) workflows.State {
	for _, t := range s.Tests {
		if t.TestID == testID {
			return t.State
		}
	}
	return ""
}
