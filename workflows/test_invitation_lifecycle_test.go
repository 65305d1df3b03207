package workflows_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"github.com/cjlever/cjlever/activities"
	"github.com/cjlever/cjlever/workflows"
)

// The fake's invite is sent at the start and expires on 5 Dec 09:00.
var invitedAt = time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)

// startInvitation runs one TestInvitation for CJ-81519 as the root workflow,
// so its query and signals are the test's.
func startInvitation(t *testing.T, env *testsuite.TestWorkflowEnvironment, timing workflows.Timing, bands *workflows.ScoreBands) {
	t.Helper()
	env.SetStartTime(invitedAt)
	env.ExecuteWorkflow(workflows.TestInvitationWorkflowName, workflows.TestInvitationInput{
		OpportunityRef: activities.OpportunityRef{ConnectionID: conn, OpportunityID: opp},
		TestID:         "CJ-81519",
		Timing:         timing,
		Candidate:      activities.Candidate{Name: "Ada Lovelace", Email: "ada@example.com"},
		ScoreBands:     bands,
	})
}

func testResult(t *testing.T, env *testsuite.TestWorkflowEnvironment) workflows.TestStatus {
	t.Helper()
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	var status workflows.TestStatus
	require.NoError(t, env.GetWorkflowResult(&status))
	return status
}

// signalRoot sends the root workflow a signal after a while.
func signalRoot(env *testsuite.TestWorkflowEnvironment, after time.Duration, name string, payload any, before func()) {
	env.RegisterDelayedCallback(func() {
		if before != nil {
			before()
		}
		env.SignalWorkflow(name, payload)
	}, after)
}

func (f *fakeLeverCodejudge) setDown(get bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.getInviteDown = get
}

// While Codejudge does not answer, a check gives up within minutes, the
// status says so, and the next prompt checks again; a good check clears it.
func TestFailedChecksShowInStatusAndDoNotHoldTheLoop(t *testing.T) {
	fake := newFake(taggedOpportunity())
	env := newEnv(t, fake)
	fake.setDown(true)
	// The first poll (1h) fails; at 1h30m the status says so.
	env.RegisterDelayedCallback(func() {
		v, err := env.QueryWorkflow(workflows.StatusQuery)
		require.NoError(t, err)
		var status workflows.TestStatus
		require.NoError(t, v.Get(&status))
		require.Equal(t, workflows.StateAwaitingResult, status.State)
		require.Regexp(t, `^Codejudge did not answer the last check at 28 Nov 2026 10:0[0-2] UTC$`, status.Waiting)
	}, 90*time.Minute)
	// Codejudge is back; the candidate finishes and the callback comes.
	signalRoot(env, 150*time.Minute, workflows.InviteFinishedSignal, workflows.InviteFinished{InviteID: "inv-CJ-81519"}, func() {
		fake.setDown(false)
		fake.complete("CJ-81519")
	})

	startInvitation(t, env, workflows.Timing{PollInterval: time.Hour, ReminderBefore: -1}, nil)

	status := testResult(t, env)
	require.Equal(t, workflows.StateCompleted, status.State)
	require.Empty(t, status.Waiting)
}

// Codejudge down longer than the outage bound: the invite is not sent, the
// test ends in Error with words a recruiter reads, CJ Error and a note.
func TestInviteGivesUpAfterTheOutageBound(t *testing.T) {
	fake := newFake(taggedOpportunity())
	fake.sendInviteDown = true
	env := newEnv(t, fake)

	startInvitation(t, env, workflows.Timing{OutageBound: 10 * time.Minute}, nil)

	status := testResult(t, env)
	require.Equal(t, workflows.StateError, status.State)
	require.Contains(t, status.Reason, "Codejudge did not answer for 10m0s")
	tags, notes, _, calls := fake.snapshot()
	require.Greater(t, calls, 1, "retried within the bound")
	require.Equal(t, []string{workflows.TagError}, tags)
	require.Len(t, notes, 1)
	require.Contains(t, notes[0], "could not be sent. Codejudge did not answer for 10m0s")
}

func TestArchiveCancelsTheOpenInvite(t *testing.T) {
	fake := newFake(taggedOpportunity())
	env := newEnv(t, fake)
	signalRoot(env, time.Hour, workflows.OpportunityArchivedSignal, nil, nil)

	startInvitation(t, env, workflows.Timing{}, nil)

	status := testResult(t, env)
	require.Equal(t, workflows.StateCancelled, status.State)
	require.Equal(t, 1, fake.cancelCalls)
	require.Equal(t, activities.InviteStatusCancelled, fake.statuses["inv-CJ-81519"])
	_, notes, _, _ := fake.snapshot()
	require.Len(t, notes, 2)
	require.Equal(t, `Codejudge: the opportunity was archived in Lever, so the invite to "Test CJ-81519" (CJ-81519) was cancelled.`, notes[1])
}

// An invite that finished before the cancel is acted on as on a callback.
func TestArchiveOfAFinishedInvitePostsItsResult(t *testing.T) {
	fake := newFake(taggedOpportunity())
	env := newEnv(t, fake)
	signalRoot(env, time.Hour, workflows.OpportunityArchivedSignal, nil, func() { fake.complete("CJ-81519") })

	startInvitation(t, env, workflows.Timing{}, nil)

	status := testResult(t, env)
	require.Equal(t, workflows.StateCompleted, status.State)
	require.Equal(t, 1, fake.cancelCalls)
	_, notes, _, _ := fake.snapshot()
	require.Len(t, notes, 2)
	require.Contains(t, notes[1], "Score: 82 / 100")
}

func TestReminderBeforeTheInviteExpiresOnce(t *testing.T) {
	for _, tc := range []struct {
		name      string
		before    time.Duration
		reminders int
	}{
		{"default, a day before", 0, 1},
		{"off", -1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := newFake(taggedOpportunity())
			env := newEnv(t, fake)
			// The candidate finishes on 4 Dec 12:00, after the reminder.
			signalRoot(env, 6*24*time.Hour+3*time.Hour, workflows.InviteFinishedSignal,
				workflows.InviteFinished{InviteID: "inv-CJ-81519"}, func() { fake.complete("CJ-81519") })

			startInvitation(t, env, workflows.Timing{PollInterval: 6 * time.Hour, ReminderBefore: tc.before}, nil)

			require.Equal(t, workflows.StateCompleted, testResult(t, env).State)
			require.Equal(t, tc.reminders, fake.remindCalls)
			_, notes, _, _ := fake.snapshot()
			require.Len(t, notes, 2+tc.reminders)
			if tc.reminders > 0 {
				require.Equal(t, `Codejudge: reminded the candidate to finish "Test CJ-81519" (CJ-81519) before 5 Dec 2026 09:00 UTC.`, notes[1])
			}
		})
	}
}

func TestInviteExpiredInCodejudgeTagsExpired(t *testing.T) {
	fake := newFake(taggedOpportunity())
	env := newEnv(t, fake)
	signalRoot(env, 7*24*time.Hour, workflows.InviteFinishedSignal, workflows.InviteFinished{InviteID: "inv-CJ-81519"},
		func() { fake.setStatus("CJ-81519", activities.InviteStatusExpired) })

	startInvitation(t, env, workflows.Timing{ReminderBefore: -1}, nil)

	status := testResult(t, env)
	require.Equal(t, workflows.StateExpired, status.State)
	tags, notes, _, _ := fake.snapshot()
	require.Equal(t, []string{workflows.TagInviteSent, workflows.TagExpired}, tags)
	require.Contains(t, notes[1], "let the invite expire")
}

// A cancelled invite that no archive asked for keeps the NotFinished words.
func TestInviteCancelledInCodejudgeIsNotFinished(t *testing.T) {
	fake := newFake(taggedOpportunity())
	env := newEnv(t, fake)
	signalRoot(env, time.Hour, workflows.InviteFinishedSignal, workflows.InviteFinished{InviteID: "inv-CJ-81519"},
		func() { fake.setStatus("CJ-81519", activities.InviteStatusCancelled) })

	startInvitation(t, env, workflows.Timing{}, nil)

	require.Equal(t, workflows.StateNotFinished, testResult(t, env).State)
	tags, notes, _, _ := fake.snapshot()
	require.NotContains(t, tags, workflows.TagExpired)
	require.Contains(t, notes[1], "the invite was cancelled")
}

// The fake's result scores 82%.
func TestScoreBandsActOnTheResult(t *testing.T) {
	for _, tc := range []struct {
		name       string
		bands      *workflows.ScoreBands
		plagiarism bool
		stages     []string
		tags       []string
		note       string // the last note, "" when there is none after the result's
	}{
		{name: "no bands", tags: []string{workflows.TagInviteSent}},
		{name: "at or above the pass mark moves the opportunity",
			bands:  &workflows.ScoreBands{PassPercentage: 82, PassStageID: "stage-onsite", FailPercentage: 40, FailTag: "CJ Low score"},
			stages: []string{"stage-onsite"}, tags: []string{workflows.TagInviteSent},
			note: `Codejudge: the score of 82.0% in "Test CJ-81519" (CJ-81519) is at or above the pass mark of 82%, so the candidate was moved to the next stage.`},
		{name: "below the fail mark tags it",
			bands: &workflows.ScoreBands{PassPercentage: 95, PassStageID: "stage-onsite", FailPercentage: 82.5, FailTag: "CJ Low score"},
			tags:  []string{workflows.TagInviteSent, "CJ Low score"},
			note:  `Codejudge: the score of 82.0% in "Test CJ-81519" (CJ-81519) is below the fail mark of 82.5%, so it was tagged "CJ Low score".`},
		{name: "between the marks does nothing",
			bands: &workflows.ScoreBands{PassPercentage: 90, PassStageID: "stage-onsite", FailPercentage: 50, FailTag: "CJ Low score"},
			tags:  []string{workflows.TagInviteSent}},
		{name: "plagiarism is never acted on",
			bands: &workflows.ScoreBands{PassPercentage: 50, PassStageID: "stage-onsite"}, plagiarism: true,
			tags: []string{workflows.TagInviteSent},
			note: "Codejudge: the result is flagged for plagiarism, so it was not acted on; a person should review it."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := newFake(taggedOpportunity())
			fake.plagiarism = tc.plagiarism
			env := newEnv(t, fake)
			signalRoot(env, time.Hour, workflows.InviteFinishedSignal, workflows.InviteFinished{InviteID: "inv-CJ-81519"},
				func() { fake.complete("CJ-81519") })

			startInvitation(t, env, workflows.Timing{}, tc.bands)

			status := testResult(t, env)
			require.Equal(t, workflows.StateCompleted, status.State)
			require.Empty(t, status.Reason)
			tags, notes, _, _ := fake.snapshot()
			require.Equal(t, tc.stages, fake.stages)
			require.Equal(t, tc.tags, tags)
			if tc.note == "" {
				require.Len(t, notes, 2)
				return
			}
			require.Len(t, notes, 3)
			require.Equal(t, tc.note, notes[2])
		})
	}
}

// Archived before the invite went out: nothing is sent.
func TestArchiveBeforeTheInviteSendsNothing(t *testing.T) {
	fake := newFake(taggedOpportunity())
	env := newEnv(t, fake)
	signalRoot(env, 0, workflows.OpportunityArchivedSignal, nil, nil)

	startInvitation(t, env, workflows.Timing{}, nil)

	require.Equal(t, workflows.StateCancelled, testResult(t, env).State)
	tags, notes, _, calls := fake.snapshot()
	require.Zero(t, calls)
	require.Empty(t, tags)
	require.Empty(t, notes)
}

// A run continued as new reminds only if the run before had not.
func TestReminderIsOncePerInviteAcrossRuns(t *testing.T) {
	for _, reminded := range []bool{false, true} {
		fake := newFake(taggedOpportunity())
		fake.statuses["inv-CJ-81519"] = activities.InviteStatusInvited
		fake.invites["CJ-81519"] = activities.Invite{InviteID: "inv-CJ-81519"}
		env := newEnv(t, fake)
		env.SetStartTime(time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)) // past the reminder's time
		signalRoot(env, 3*time.Hour, workflows.InviteFinishedSignal, workflows.InviteFinished{InviteID: "inv-CJ-81519"},
			func() { fake.complete("CJ-81519") })
		in := testInvitationInput()
		in.Timing = workflows.Timing{PollInterval: time.Hour}
		in.Waiting = &workflows.WaitingState{Reminded: reminded, Status: workflows.TestStatus{
			TestID: "CJ-81519", State: workflows.StateAwaitingResult, InviteID: "inv-CJ-81519",
			ExpiresAt: time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC), Deadline: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC),
		}}

		env.ExecuteWorkflow(workflows.TestInvitationWorkflowName, in)

		require.Equal(t, workflows.StateCompleted, testResult(t, env).State)
		want := 1
		if reminded {
			want = 0
		}
		require.Equal(t, want, fake.remindCalls, "reminded before: %v", reminded)
	}
}
