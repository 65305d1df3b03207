package workflows_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"github.com/cjlever/cjlever/activities"
	"github.com/cjlever/cjlever/workflows"
)

// A delivery's body is not signed: the assessment acts only on what Lever's
// own record of the opportunity says.
func TestAssessmentSkipsWhatLeverDoesNotBack(t *testing.T) {
	eventAt := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		change func(*activities.Opportunity)
		reason string
	}{
		{"elsewhere", func(o *activities.Opportunity) { o.StageID = "stage-onsite" }, "outside the assessment trigger stage"},
		{"left before the event", func(o *activities.Opportunity) {
			o.StageID = "stage-onsite"
			o.StageChanges = []activities.StageChange{{StageID: "stage-assessment", At: eventAt.Add(-48 * time.Hour)}}
		}, "outside the assessment trigger stage"},
		{"archived", func(o *activities.Opportunity) { o.Archived = true }, "archived"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := taggedOpportunity("CJ-81519")
			tc.change(&o)
			fake := newFake(o)
			env := newEnv(t, fake)
			in := stageChange()
			in.EventTriggeredAt = eventAt

			env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, in)

			requireEndedWith(t, env, workflows.ErrTypeAssessmentSkipped, tc.reason)
			var appErr *temporal.ApplicationError
			require.ErrorAs(t, env.GetWorkflowError(), &appErr)
			var status workflows.AssessmentStatus
			require.NoError(t, appErr.Details(&status))
			require.Equal(t, workflows.StateSkipped, status.State)
			tags, notes, _, invites := fake.snapshot()
			require.Zero(t, invites)
			require.Empty(t, tags)
			require.Empty(t, notes)
		})
	}
}

// A candidate moved into the trigger stage and on again before the workflow
// read the opportunity was still moved there: the invite goes out.
func TestAssessmentInvitesWhenTheCandidateEnteredTheStageAfterTheEvent(t *testing.T) {
	eventAt := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	o := taggedOpportunity("CJ-81519")
	o.StageID = "stage-onsite"
	o.StageChanges = []activities.StageChange{
		{StageID: "stage-assessment", At: eventAt.Add(-time.Second)},
		{StageID: "stage-onsite", At: eventAt.Add(time.Minute)},
	}
	fake := newFake(o)
	env := newEnv(t, fake)
	in := stageChange()
	in.EventTriggeredAt = eventAt
	signalCompletion(env, fake, "CJ-81519", time.Hour)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, in)

	require.NoError(t, env.GetWorkflowError())
	_, _, _, invites := fake.snapshot()
	require.Equal(t, 1, invites)
}
