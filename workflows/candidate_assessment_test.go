package workflows_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
	"github.com/cjlever/cjlever/workflows"
)

const (
	conn = "sandbox"
	opp  = "opp-1"
)

func newEnv(t *testing.T, fake *fakeLeverCodejudge) *testsuite.TestWorkflowEnvironment {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(workflows.CandidateAssessment, workflow.RegisterOptions{Name: workflows.CandidateAssessmentWorkflowName})
	env.RegisterWorkflowWithOptions(workflows.TestInvitation, workflow.RegisterOptions{Name: workflows.TestInvitationWorkflowName})
	env.RegisterWorkflowWithOptions(workflows.ApplicationCheck, workflow.RegisterOptions{Name: workflows.ApplicationCheckWorkflowName})
	env.RegisterActivity(fake)
	return env
}

func stageChange() workflows.AssessmentInput {
	return workflows.AssessmentInput{
		ConnectionID:   conn,
		OpportunityID:  opp,
		Trigger:        workflows.TriggerStageChange,
		TriggerStageID: "stage-assessment",
	}
}

func taggedOpportunity(tags ...string) activities.Opportunity {
	return activities.Opportunity{
		Name: "Ada Lovelace", HasEmail: true, StageID: "stage-assessment", Tags: tags,
		PostingID: "post-1", PostingName: "Backend Engineer",
	}
}

// signalCompletion completes a test's invite and signals its TestInvitation,
// as the gateway does on Codejudge's callback.
func signalCompletion(env *testsuite.TestWorkflowEnvironment, fake *fakeLeverCodejudge, testID string, after time.Duration) {
	env.RegisterDelayedCallback(func() {
		id := fake.complete(testID)
		err := env.SignalWorkflowByID(workflows.TestInvitationWorkflowID(conn, opp, testID), workflows.InviteFinishedSignal,
			workflows.InviteFinished{InviteID: id})
		if err != nil {
			panic(err)
		}
	}, after)
}

func result(t *testing.T, env *testsuite.TestWorkflowEnvironment) workflows.AssessmentStatus {
	t.Helper()
	require.True(t, env.IsWorkflowCompleted())
	var status workflows.AssessmentStatus
	if env.GetWorkflowError() == nil {
		require.NoError(t, env.GetWorkflowResult(&status))
	}
	return status
}

func requireFailedWith(t *testing.T, env *testsuite.TestWorkflowEnvironment, want string) {
	t.Helper()
	requireEndedWith(t, env, workflows.ErrTypeAssessmentFailed, want)
}

// requireEndedWith checks that the workflow ended with an application error of
// the given type whose message contains want.
func requireEndedWith(t *testing.T, env *testsuite.TestWorkflowEnvironment, errType, want string) {
	t.Helper()
	err := env.GetWorkflowError()
	require.Error(t, err)
	var appErr *temporal.ApplicationError
	require.True(t, errors.As(err, &appErr), "error %v", err)
	require.Equal(t, errType, appErr.Type())
	require.Contains(t, appErr.Error(), want)
}

func TestHappyPathCompletesBySignal(t *testing.T) {
	fake := newFake(taggedOpportunity("Python", " cj-81519 "))
	env := newEnv(t, fake)
	signalCompletion(env, fake, "CJ-81519", 2*time.Hour)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	status := result(t, env)
	require.NoError(t, env.GetWorkflowError())
	require.Equal(t, workflows.StateCompleted, status.State)
	require.Equal(t, "opportunity", status.TestSource)
	require.Len(t, status.Tests, 1)
	require.Equal(t, workflows.StateCompleted, status.Tests[0].State)
	require.Equal(t, 82.0, status.Tests[0].Result.Score)

	tags, notes, links, invites := fake.snapshot()
	require.Equal(t, 1, invites)
	require.Equal(t, []string{workflows.TagInviteSent}, tags)
	require.Len(t, notes, 2)
	require.Contains(t, notes[0], "invited the candidate to the test \"Test CJ-81519\" (CJ-81519)")
	require.Contains(t, notes[0], "Invite status: invited")
	require.Contains(t, notes[0], "Invite expires: 5 Dec 2026 09:00 UTC")
	require.Contains(t, notes[1], "Score: 82 / 100 (82.0%)")
	require.Contains(t, notes[1], "- Data structures: 35 / 40")
	require.Contains(t, notes[1], "Time taken: 1h15m0s")
	require.Contains(t, notes[1], "Plagiarism: not flagged")
	require.Equal(t, []string{"https://codejudge.example/reports/inv-CJ-81519"}, links)
	// The signal prompted the check: no poll was needed before it.
	require.Equal(t, 1, fake.getCalls)
}

// The invite goes to the candidate the assessment read (SendInvite need not
// read Lever again), and the notes are written without a look first, unless
// the opportunity shows that an earlier run wrote to it.
func TestNotesLookFirstOnlyAfterAnEarlierRun(t *testing.T) {
	for _, tc := range []struct {
		name     string
		tags     []string
		mayExist bool
	}{
		{"first run", []string{"CJ-81519"}, false},
		{"after an invite", []string{"CJ-81519", "cj test invite sent"}, true},
		{"after an error", []string{"CJ-81519", workflows.TagError}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opp := taggedOpportunity(tc.tags...)
			opp.Email = "ada@example.com"
			fake := newFake(opp)
			env := newEnv(t, fake)
			signalCompletion(env, fake, "CJ-81519", time.Hour)
			env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())
			require.Equal(t, workflows.StateCompleted, result(t, env).State)
			require.Equal(t, []activities.Candidate{{Name: "Ada Lovelace", Email: "ada@example.com"}}, fake.candidates)
			require.Equal(t, []bool{tc.mayExist, tc.mayExist}, fake.mayExist)
		})
	}
}

func TestPostingTagFallback(t *testing.T) {
	o := taggedOpportunity("Referral")
	o.PostingTags = []string{"Backend", "CJ-81519"}
	fake := newFake(o)
	env := newEnv(t, fake)
	signalCompletion(env, fake, "CJ-81519", time.Hour)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	status := result(t, env)
	require.Equal(t, workflows.StateCompleted, status.State)
	require.Equal(t, "posting", status.TestSource)
	require.Equal(t, "CJ-81519", status.Tests[0].TestID)
}

func TestNoTestTagTagsErrorAndNamesThePosting(t *testing.T) {
	fake := newFake(taggedOpportunity("Referral"))
	env := newEnv(t, fake)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	requireFailedWith(t, env, "no Codejudge test tag")
	tags, notes, _, invites := fake.snapshot()
	require.Equal(t, 0, invites)
	require.Equal(t, []string{workflows.TagError}, tags)
	require.Len(t, notes, 1)
	require.Contains(t, notes[0], `its job posting "Backend Engineer"`)
}

func TestNoEmailTagsError(t *testing.T) {
	o := taggedOpportunity("CJ-81519")
	o.HasEmail = false
	fake := newFake(o)
	env := newEnv(t, fake)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	requireFailedWith(t, env, "no email")
	tags, notes, _, invites := fake.snapshot()
	require.Equal(t, 0, invites)
	require.Equal(t, []string{workflows.TagError}, tags)
	require.Contains(t, notes[0], "no email address")
}

func TestSeveralTestsAreEachInvitedAndTracked(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-2", "CJ-1", "cj-2"))
	env := newEnv(t, fake)
	signalCompletion(env, fake, "CJ-1", time.Hour)
	signalCompletion(env, fake, "CJ-2", 3*time.Hour)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	status := result(t, env)
	require.Equal(t, workflows.StateCompleted, status.State)
	require.Len(t, status.Tests, 2)
	require.Equal(t, "CJ-1", status.Tests[0].TestID)
	require.Equal(t, "CJ-2", status.Tests[1].TestID)
	_, notes, links, invites := fake.snapshot()
	require.Equal(t, 2, invites)
	require.Len(t, notes, 4) // an invite note and a results note per test
	require.Len(t, links, 2)
}

func TestAlreadyInvitedTagsErrorWithNote(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	fake.alreadyInvited = true
	env := newEnv(t, fake)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	requireFailedWith(t, env, "already invited")
	tags, notes, _, _ := fake.snapshot()
	require.Equal(t, []string{workflows.TagError}, tags)
	require.Contains(t, notes[0], "the candidate was already invited to it on 28 Nov 2026 09:00 UTC")
}

func TestPermanentInviteErrorTagsErrorWithReason(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-404"))
	fake.sendInviteErrs = []error{temporal.NewNonRetryableApplicationError(
		"sending the Codejudge invite: Codejudge could not find it", activities.ErrTypeNotFound, nil)}
	env := newEnv(t, fake)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	requireFailedWith(t, env, "Codejudge could not find it")
	tags, notes, _, invites := fake.snapshot()
	require.Equal(t, 1, invites, "a permanent error is not retried")
	require.Equal(t, []string{workflows.TagError}, tags)
	require.Contains(t, notes[0], "the invite to the test CJ-404 could not be sent. sending the Codejudge invite: Codejudge could not find it")
}

func TestTransientFailureIsRetriedThenSucceeds(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	fake.sendInviteErrs = []error{
		temporal.NewApplicationError("codejudge POST /invites: 503 Service Unavailable", activities.ErrTypeTransient),
		temporal.NewApplicationError("codejudge POST /invites: 429 Too Many Requests", activities.ErrTypeRateLimited),
	}
	env := newEnv(t, fake)
	signalCompletion(env, fake, "CJ-81519", time.Hour)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	status := result(t, env)
	require.Equal(t, workflows.StateCompleted, status.State)
	tags, _, _, calls := fake.snapshot()
	require.Equal(t, 3, calls)
	require.Equal(t, []string{workflows.TagInviteSent}, tags)
}

func TestOpenBreakerWaitsItsDelayThenSucceeds(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	fake.sendInviteErrs = []error{temporal.NewApplicationErrorWithOptions(
		"codejudge POST /invites: circuit breaker open", activities.ErrTypeBreakerOpen,
		temporal.ApplicationErrorOptions{NextRetryDelay: 45 * time.Second})}
	env := newEnv(t, fake)
	var attemptTimes []time.Time
	env.SetOnActivityStartedListener(func(info *activity.Info, _ context.Context, _ converter.EncodedValues) {
		if info.ActivityType.Name == "SendInvite" {
			attemptTimes = append(attemptTimes, env.Now())
		}
	})
	signalCompletion(env, fake, "CJ-81519", 2*time.Hour)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	status := result(t, env)
	require.Equal(t, workflows.StateCompleted, status.State)
	require.Len(t, attemptTimes, 2)
	require.GreaterOrEqual(t, attemptTimes[1].Sub(attemptTimes[0]), 45*time.Second, "the retry waits out the breaker")
}

func TestCompletionFoundByPolling(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	env := newEnv(t, fake)
	// The candidate finishes after 10 hours, but the callback never arrives.
	env.RegisterDelayedCallback(func() { fake.complete("CJ-81519") }, 10*time.Hour)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())

	status := result(t, env)
	require.Equal(t, workflows.StateCompleted, status.State)
	require.Equal(t, 2, fake.getCalls, "polled at 6h (invited) and 12h (completed)")
	_, notes, links, _ := fake.snapshot()
	require.Len(t, notes, 2)
	require.Len(t, links, 1)
}

// The deadline passed without a result: CJ Expired and a note (no
// reminder here: reminders are off).
func TestDeadlineTagsExpiredAndNotesThatTheCandidateDidNotFinish(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	env := newEnv(t, fake)
	in := stageChange()
	in.Timing = workflows.Timing{PollInterval: 24 * time.Hour, GracePeriod: 12 * time.Hour, ReminderBefore: -1}

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, in)

	status := result(t, env)
	require.NoError(t, env.GetWorkflowError())
	require.Equal(t, workflows.StateExpired, status.State)
	require.Equal(t, workflows.StateExpired, status.Tests[0].State)
	tags, notes, links, _ := fake.snapshot()
	require.Equal(t, []string{workflows.TagInviteSent, workflows.TagExpired}, tags)
	require.Len(t, notes, 2)
	require.Contains(t, notes[1], "did not complete it")
	require.True(t, strings.Contains(notes[1], "No result will be posted"))
	require.Empty(t, links)
	// Deadline = expiry (5 Dec 09:00) + 12h grace.
	require.Equal(t, time.Date(2026, 12, 5, 21, 0, 0, 0, time.UTC), status.Tests[0].Deadline.UTC())
}

func TestApplicationOutsideTriggerStageIsSkipped(t *testing.T) {
	o := taggedOpportunity("CJ-81519")
	o.StageID = "applicant-new"
	fake := newFake(o)
	env := newEnv(t, fake)
	in := stageChange()
	in.Trigger = workflows.TriggerApplicationCreated

	env.ExecuteWorkflow(workflows.ApplicationCheckWorkflowName, in)

	require.NoError(t, env.GetWorkflowError())
	var state workflows.State
	require.NoError(t, env.GetWorkflowResult(&state))
	require.Equal(t, workflows.StateSkipped, state)
	tags, notes, _, invites := fake.snapshot()
	require.Zero(t, invites)
	require.Empty(t, tags)
	require.Empty(t, notes)
}

func TestApplicationInTriggerStageStartsTheAssessment(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	env := newEnv(t, fake)
	in := stageChange()
	in.Trigger = workflows.TriggerApplicationCreated
	signalCompletion(env, fake, "CJ-81519", time.Hour)

	env.ExecuteWorkflow(workflows.ApplicationCheckWorkflowName, in)

	require.NoError(t, env.GetWorkflowError())
	var state workflows.State
	require.NoError(t, env.GetWorkflowResult(&state))
	require.Equal(t, workflows.StateQueued, state)
	_, _, _, invites := fake.snapshot()
	require.Equal(t, 1, invites, "the abandoned CandidateAssessment ran in the test environment")
}

func TestStatusQueryWhileAwaitingResult(t *testing.T) {
	fake := newFake(taggedOpportunity("CJ-81519"))
	env := newEnv(t, fake)
	env.RegisterDelayedCallback(func() {
		v, err := env.QueryWorkflow(workflows.StatusQuery)
		require.NoError(t, err)
		var status workflows.AssessmentStatus
		require.NoError(t, v.Get(&status))
		require.Equal(t, workflows.StateAwaitingResult, status.State)
		require.Equal(t, "Ada Lovelace", status.CandidateName)
	}, time.Hour)
	signalCompletion(env, fake, "CJ-81519", 2*time.Hour)

	env.ExecuteWorkflow(workflows.CandidateAssessmentWorkflowName, stageChange())
	require.Equal(t, workflows.StateCompleted, result(t, env).State)
}
