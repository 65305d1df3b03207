package workflows_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	sdkpb "go.temporal.io/api/sdk/v1"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
	"github.com/cjlever/cjlever/workflows"
)

func queryStatus(t *testing.T, env *testsuite.TestWorkflowEnvironment) workflows.AssessmentStatus {
	t.Helper()
	v, err := env.QueryWorkflow(workflows.StatusQuery)
	require.NoError(t, err)
	var status workflows.AssessmentStatus
	require.NoError(t, v.Get(&status))
	return status
}

// updateOutcome is what an ops Update came to.
type updateOutcome struct {
	rejected  error
	completed bool
	failed    error
	// at is when the Update answered; status is its answer.
	at     time.Time
	status workflows.AssessmentStatus
}

// sendUpdateAt sends an ops Update after a delay, as `cjlever ops` would.
func sendUpdateAt(env *testsuite.TestWorkflowEnvironment, after time.Duration, name string, req workflows.OpsRequest) *updateOutcome {
	out := &updateOutcome{}
	env.RegisterDelayedCallback(func() {
		env.UpdateWorkflow(name, name+"-"+after.String(), &testsuite.TestUpdateCallback{
			OnAccept: func() {},
			OnReject: func(err error) { out.rejected = err },
			OnComplete: func(result interface{}, err error) {
				out.completed, out.failed, out.at = true, err, env.Now()
				if s, ok := result.(workflows.AssessmentStatus); ok {
					out.status = s
				}
			},
		}, req)
	}, after)
	return out
}

// currentDetails reads the details the Temporal UI shows for the workflow.
func currentDetails(t *testing.T, env *testsuite.TestWorkflowEnvironment) string {
	t.Helper()
	v, err := env.QueryWorkflow("__temporal_workflow_metadata")
	require.NoError(t, err)
	var raw converter.RawValue
	require.NoError(t, v.Get(&raw))
	var md sdkpb.WorkflowMetadata
	require.NoError(t, converter.GetDefaultDataConverter().FromPayload(raw.Payload(), &md))
	return md.GetCurrentDetails()
}

func countContaining(texts []string, part string) int {
	n := 0
	for _, s := range texts {
		if strings.Contains(s, part) {
			n++
		}
	}
	return n
}

func TestProblemsAPersonCanFixParkTheAssessment(t *testing.T) {
	noEmail := taggedOpportunity("CJ-81519")
	noEmail.HasEmail = false
	for _, tc := range []struct {
		name   string
		opp    activities.Opportunity
		broken map[string]bool
		reason string
	}{
		{"no test tag", taggedOpportunity("Python"), nil, "no Codejudge test tag"},
		{"no email", noEmail, nil, "no email address"},
		{"failed invite", taggedOpportunity("CJ-99999"), map[string]bool{"CJ-99999": true}, "CJ-99999: Codejudge has no test CJ-99999"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := newFake(tc.opp)
			fake.unknownTests = tc.broken
			env := newEnv(t, fake)
			env.RegisterDelayedCallback(func() {
				status := queryStatus(t, env)
				require.Equal(t, workflows.StateNeedsAttention, status.State)
				require.Contains(t, status.Reason, tc.reason)
				require.WithinDuration(t, env.Now().Add(48*time.Hour), status.AttentionUntil, time.Minute, "parked a day after the start, of a 72h window")
				require.True(t, strings.HasPrefix(status.Events[len(status.Events)-1].Text, "needs attention: "), status.Events)
				require.Equal(t, "Ada Lovelace: needs attention: "+status.Reason+"; retry or dismiss by "+status.AttentionUntil.UTC().Format("2 Jan"), currentDetails(t, env))
			}, 24*time.Hour)

			in := stageChange()
			in.Timing.AttentionWindow = 72 * time.Hour
			start := env.Now()
			env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, in)

			// Nobody decided within the attention window: it ends as Error.
			requireFailedWith(t, env, tc.reason)
			require.WithinDuration(t, start.Add(72*time.Hour), env.Now(), time.Minute)
			tags, notes, _, _ := fake.snapshot()
			require.Equal(t, []string{workflows.TagError}, tags)
			require.Len(t, notes, 1, "the CJ Error note is written once")
		})
	}
}

func TestRetryAfterFixingTheTagInvitesAndCompletes(t *testing.T) {
	fake := newFake(taggedOpportunity("Python"))
	env := newEnv(t, fake)
	env.RegisterDelayedCallback(func() {
		fake.setOpportunity(func(o *activities.Opportunity) { o.Tags = []string{"Python", "CJ-81519"} })
	}, time.Hour)
	retry := sendUpdateAt(env, 2*time.Hour, workflows.RetryUpdate, workflows.OpsRequest{Actor: "ops:alice", Reason: "tag fixed"})
	signalCompletion(env, fake, "CJ-81519", 5*time.Hour)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	require.NoError(t, env.GetWorkflowError())
	require.Equal(t, workflows.StateCompleted, result(t, env).State)
	require.NoError(t, retry.rejected)
	require.True(t, retry.completed)
	require.NoError(t, retry.failed)
	tags, notes, _, invites := fake.snapshot()
	require.Equal(t, 1, invites)
	require.Equal(t, []string{workflows.TagError, workflows.TagInviteSent}, tags)
	require.Equal(t, []string{workflows.TagError}, fake.removedTags)
	require.Equal(t, 1, countContaining(notes, "Codejudge: ops:alice retried the invite. tag fixed"))
	require.Equal(t, 1, countContaining(notes, "Score: 82 / 100"))
}

func TestDismissEndsDismissed(t *testing.T) {
	fake := newFake(taggedOpportunity("Python"))
	env := newEnv(t, fake)
	noReason := sendUpdateAt(env, time.Hour, workflows.DismissUpdate, workflows.OpsRequest{Actor: "ops:alice"})
	dismiss := sendUpdateAt(env, 2*time.Hour, workflows.DismissUpdate, workflows.OpsRequest{Actor: "ops:alice", Reason: "withdrew"})

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	requireEndedWith(t, env, workflows.ErrTypeAssessmentDismissed, "dismissed by ops:alice: withdrew")
	require.ErrorContains(t, noReason.rejected, "needs a reason")
	require.NoError(t, dismiss.rejected)
	require.True(t, dismiss.completed)
	_, notes, _, invites := fake.snapshot()
	require.Zero(t, invites)
	require.Equal(t, 1, countContaining(notes, "Codejudge: ops:alice dismissed the failed assessment; nothing more will be sent. withdrew"))
}

func TestRetryIsRefusedUnlessParked(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	env := newEnv(t, fake)
	retry := sendUpdateAt(env, time.Hour, workflows.RetryUpdate, workflows.OpsRequest{Actor: "ops:alice"})
	signalCompletion(env, fake, "CJ-81519", 2*time.Hour)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	require.Equal(t, workflows.StateCompleted, result(t, env).State)
	require.ErrorContains(t, retry.rejected, "the assessment is AwaitingResult, not NeedsAttention")
	require.False(t, retry.completed)
	require.Empty(t, fake.removedTags)
}

func TestStageChangeAgainIsIgnoredWhileUnderWay(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	env := newEnv(t, fake)
	env.RegisterDelayedCallback(func() {
		env.SignalWorkflow(workflows.StageChangeAgainSignal, stageChange())
	}, time.Hour)
	signalCompletion(env, fake, "CJ-81519", 2*time.Hour)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	status := result(t, env)
	require.Equal(t, workflows.StateCompleted, status.State)
	_, _, _, invites := fake.snapshot()
	require.Equal(t, 1, invites)
	require.Empty(t, fake.removedTags)
	require.Equal(t, 1, countEvents(status, "moved into the trigger stage again; nothing to retry"))
}

func countEvents(status workflows.AssessmentStatus, text string) int {
	texts := make([]string, len(status.Events))
	for i, e := range status.Events {
		texts[i] = e.Text
	}
	return countContaining(texts, text)
}

func TestParentStatusShowsTheChildsInviteWhileItWaits(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	env := newEnv(t, fake)
	env.RegisterDelayedCallback(func() {
		status := queryStatus(t, env)
		require.Len(t, status.Tests, 1)
		test := status.Tests[0]
		require.Equal(t, workflows.StateAwaitingResult, test.State)
		require.Equal(t, "inv-CJ-81519", test.InviteID)
		require.Equal(t, time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC), test.ExpiresAt.UTC())
		require.False(t, test.Deadline.IsZero())
		require.Equal(t, "Ada Lovelace: waiting for the candidate to finish CJ-81519, deadline 5 Dec", currentDetails(t, env))
	}, time.Hour)
	signalCompletion(env, fake, "CJ-81519", 2*time.Hour)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())
	require.Equal(t, workflows.StateCompleted, result(t, env).State)
}

// archiveAwareInvitation stands in for TestInvitation: it ends Cancelled
// once told of the archiving.
func archiveAwareInvitation(ctx workflow.Context, in workflows.TestInvitationInput) (workflows.TestStatus, error) {
	workflow.GetSignalChannel(ctx, workflows.OpportunityArchivedSignal).Receive(ctx, nil)
	return workflows.TestStatus{TestID: in.TestID, State: workflows.StateCancelled}, nil
}

func TestArchiveIsForwardedToTheRunningInvitations(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519", "CJ-2"))
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(workflows.CandidateAssessment, workflow.RegisterOptions{Name: workflows.CandidateAssessmentWorkflowName})
	env.RegisterWorkflowWithOptions(archiveAwareInvitation, workflow.RegisterOptions{Name: workflows.TestInvitationWorkflowName})
	env.RegisterActivity(fake)
	env.RegisterDelayedCallback(func() {
		env.SignalWorkflow(workflows.OpportunityArchivedSignal, nil)
	}, time.Hour)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	status := result(t, env)
	require.Equal(t, workflows.StateCancelled, status.State)
	require.Len(t, status.Tests, 2)
	for _, test := range status.Tests {
		require.Equal(t, workflows.StateCancelled, test.State)
	}
}

// The example: an opportunity tagged CJ-81519 and a mistyped
// CJ-99999. CJ-99999 fails and parks the assessment; the recruiter removes
// the wrong tag and moves the candidate again. CJ-81519's invitation, still
// waiting, is neither restarted nor failed, and its result is posted.
func TestTwoTagRetriggerPostsTheGoodTestsResult(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519", "CJ-99999"))
	fake.unknownTests = map[string]bool{"CJ-99999": true}
	env := newEnv(t, fake)
	env.RegisterDelayedCallback(func() {
		status := queryStatus(t, env)
		require.Equal(t, workflows.StateNeedsAttention, status.State)
		require.Contains(t, status.Reason, "CJ-99999")
		fake.setOpportunity(func(o *activities.Opportunity) { o.Tags = []string{"CJ-81519"} })
		env.SignalWorkflow(workflows.StageChangeAgainSignal, stageChange())
	}, time.Hour)
	signalCompletion(env, fake, "CJ-81519", 3*time.Hour)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	require.NoError(t, env.GetWorkflowError())
	status := result(t, env)
	require.Equal(t, workflows.StateCompleted, status.State)
	require.Len(t, status.Tests, 1)
	require.Equal(t, "CJ-81519", status.Tests[0].TestID)
	tags, notes, _, invites := fake.snapshot()
	require.Equal(t, 2, invites, "one per test; CJ-81519's child was not restarted")
	require.Equal(t, 1, countContaining(tags, workflows.TagError))
	require.Equal(t, []string{workflows.TagError}, fake.removedTags)
	require.Equal(t, 1, countContaining(notes, "CJ-99999 could not be sent"))
	require.Zero(t, countContaining(notes, "CJ-81519 could not be sent"))
	require.Equal(t, 1, countContaining(notes, "Codejudge: "+workflows.ActorStageChangeAgain+" retried the invite."))
	require.Equal(t, 1, countContaining(notes, "Score: 82 / 100"))
}

func TestArchivingAParkedAssessmentWithNothingRunningEndsIt(t *testing.T) {
	fake := newFake(taggedOpportunity("Python"))
	env := newEnv(t, fake)
	env.RegisterDelayedCallback(func() {
		env.SignalWorkflow(workflows.OpportunityArchivedSignal, nil)
	}, time.Hour)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	require.NoError(t, env.GetWorkflowError())
	require.Equal(t, workflows.StateCancelled, result(t, env).State)
}

// While Codejudge does not answer, the assessment says Inviting (not
// AwaitingResult): support sees that no invite is out. Once the outage bound
// passes it parks.
func TestAnAssessmentSaysInvitingUntilTheInviteIsOut(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	fake.sendInviteDown = true
	env := newEnv(t, fake)
	var during workflows.AssessmentStatus
	env.RegisterDelayedCallback(func() { during = queryStatus(t, env) }, 2*time.Minute)
	in := stageChange()
	in.Timing.OutageBound = time.Hour
	in.Timing.AttentionWindow = 2 * time.Hour
	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, in)

	require.Equal(t, workflows.StateInviting, during.State, during.Events)
	require.Equal(t, workflows.StateInviting, during.Tests[0].State)
	require.Equal(t, "inviting the candidate", during.Events[len(during.Events)-1].Text)
	requireFailedWith(t, env, "Codejudge did not answer")
	var texts []string
	for _, e := range queryStatus(t, env).Events {
		texts = append(texts, e.Text)
	}
	require.NotContains(t, texts, "invited; waiting for the candidate's results", "no invite went out")
}

// A retry answers its caller as soon as it is taken: Lever being down (the
// retry's note cannot be written) must not hold `cjlever ops retry`. The
// note gives up after the outage bound, and the assessment goes on.
func TestRetryAnswersAtOnceWhileLeverIsDown(t *testing.T) {
	fake := newFake(taggedOpportunity("Python"))
	env := newEnv(t, fake)
	env.RegisterDelayedCallback(func() {
		fake.setOpportunity(func(o *activities.Opportunity) { o.Tags = []string{"Python", "CJ-81519"} })
		fake.mu.Lock()
		fake.notesDown = true
		fake.mu.Unlock()
	}, time.Hour)
	retry := sendUpdateAt(env, 2*time.Hour, workflows.RetryUpdate, workflows.OpsRequest{Actor: "ops:alice"})
	env.RegisterDelayedCallback(func() {
		fake.mu.Lock()
		fake.notesDown = false
		fake.mu.Unlock()
	}, 6*time.Hour)
	signalCompletion(env, fake, "CJ-81519", 10*time.Hour)
	in := stageChange()
	in.Timing.OutageBound = time.Hour
	start := env.Now()
	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, in)

	require.True(t, retry.completed)
	require.NoError(t, retry.failed)
	require.WithinDuration(t, start.Add(2*time.Hour), retry.at, time.Second, "answered when taken, not after the note")
	require.Equal(t, workflows.StateResolving, retry.status.State)
	require.Equal(t, workflows.StateCompleted, result(t, env).State, "the invite and, once Lever is back, the result went ahead")
}
