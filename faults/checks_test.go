package faults

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

// The sandbox posting's Codejudge test, which every candidate inherits.
const sandboxTestID = "CJ-81519"

const inviteNoteText = "invited the candidate to the test"

// awaitAll polls every opportunity until done holds for it, for at most
// within, and fails naming those it never held for. It returns how long it
// took.
func (s *stack) awaitAll(what string, opps []string, within time.Duration, done func(opp string) bool) time.Duration {
	s.t.Helper()
	start := time.Now()
	pending := append([]string(nil), opps...)
	for len(pending) > 0 {
		var still []string
		for _, opp := range pending {
			if !done(opp) {
				still = append(still, opp)
			}
		}
		pending = still
		if len(pending) == 0 {
			break
		}
		if time.Since(start) > within {
			s.diagnose(pending[0])
			s.t.Fatalf("%s: %d of %d opportunities not there after %v, e.g. %s", what, len(pending), len(opps), within, pending[0])
		}
		time.Sleep(200 * time.Millisecond)
	}
	return time.Since(start)
}

// invited: Lever shows the invite, tagged and noted.
func (s *stack) invited(opp string) bool {
	ctx := context.Background()
	o, err := s.lever.GetOpportunity(ctx, opp)
	if err != nil || !slices.Contains(o.Tags, workflows.TagInviteSent) {
		return false
	}
	notes, err := s.lever.ListNotes(ctx, opp)
	return err == nil && countNotes(notes, inviteNoteText) == 1
}

// requireInvitedOnce checks what every candidate must end with: exactly one
// Codejudge invite (counted in Codejudge by externalId), the invite tag and
// exactly one note (the invite's) in Lever, no CJ Error, and the assessment
// still running, its test invitation waiting for the result with nothing to
// report.
func (s *stack) requireInvitedOnce(opps []string) {
	s.t.Helper()
	ctx := context.Background()
	for _, opp := range opps {
		invites, err := s.codejudge.ListInvites(ctx, codejudge.InviteFilter{ExternalID: opp})
		require.NoError(s.t, err)
		require.Len(s.t, invites, 1, "opportunity %s: exactly one invite", opp)
		require.Equal(s.t, sandboxTestID, invites[0].TestID)
		o, err := s.lever.GetOpportunity(ctx, opp)
		require.NoError(s.t, err)
		require.Contains(s.t, o.Tags, workflows.TagInviteSent, "opportunity %s", opp)
		require.NotContains(s.t, o.Tags, workflows.TagError, "opportunity %s", opp)
		notes, err := s.lever.ListNotes(ctx, opp)
		require.NoError(s.t, err)
		require.Len(s.t, notes, 1, "opportunity %s: only the invite note: %+v", opp, notes)
		require.Contains(s.t, notes[0].Value, invites[0].ID)
		s.requireWaiting(opp)
	}
}

// requireWaiting: the assessment runs and its test invitation waits for the
// result, with no failure recorded. A write whose answer Lever lost is done
// in Lever before the workflow learns it (its retry finds the note), so the
// invitation may take a retry's time to reach its wait.
func (s *stack) requireWaiting(opp string) {
	s.t.Helper()
	ctx := context.Background()
	desc, err := s.temporalClient.DescribeWorkflowExecution(ctx, workflows.AssessmentWorkflowID(sandbox.ConnectionID, opp), "")
	require.NoError(s.t, err)
	require.Equal(s.t, enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, desc.WorkflowExecutionInfo.Status, "opportunity %s", opp)
	var status workflows.TestStatus
	require.Eventually(s.t, func() bool {
		resp, err := s.temporalClient.QueryWorkflow(ctx, workflows.TestInvitationWorkflowID(sandbox.ConnectionID, opp, sandboxTestID), "", workflows.StatusQuery)
		require.NoError(s.t, err)
		require.NoError(s.t, resp.Get(&status))
		return status.State != workflows.StateInviting
	}, 30*time.Second, 100*time.Millisecond, "opportunity %s: the invitation reaches its wait", opp)
	require.Equal(s.t, workflows.StateAwaitingResult, status.State, "opportunity %s", opp)
	require.Empty(s.t, status.Reason, "opportunity %s", opp)
}

// diagnose logs what Temporal knows of a stuck opportunity's workflows.
func (s *stack) diagnose(opp string) {
	ctx := context.Background()
	for _, id := range []string{
		workflows.AssessmentWorkflowID(sandbox.ConnectionID, opp),
		workflows.TestInvitationWorkflowID(sandbox.ConnectionID, opp, sandboxTestID),
	} {
		d, err := s.temporalClient.DescribeWorkflowExecution(ctx, id, "")
		if err != nil {
			s.t.Logf("diagnosis %s: %v", id, err)
			continue
		}
		s.t.Logf("diagnosis %s: %v", id, d.WorkflowExecutionInfo.Status)
		for _, a := range d.PendingActivities {
			s.t.Logf("  pending %s attempt %d state %v failure %v", a.ActivityType.Name, a.Attempt, a.State, a.LastFailure)
		}
	}
}

func countNotes(notes []lever.Note, substr string) int {
	n := 0
	for _, note := range notes {
		if strings.Contains(note.Value, substr) {
			n++
		}
	}
	return n
}
