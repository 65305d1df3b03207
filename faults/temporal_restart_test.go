package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

const restartCandidates = 10

// TestTemporalRestartWhileWaiting restarts the Temporal server, on its SQLite
// file and port, while every assessment waits for its result. Half the
// candidates finish their tests while the server is down, which stays down
// until the gateway has refused a callback (Codejudge redelivers it); half
// after it is back. Every assessment finishes, with exactly one result note.
func TestTemporalRestartWhileWaiting(t *testing.T) {
	s := startStack(t, stackOptions{onFile: true})
	opps := s.addCandidates(restartCandidates, "restart")
	s.deliverEach(opps, 1, 100*time.Millisecond)
	s.awaitAll("invited", opps, time.Minute, s.invited)
	s.requireInvitedOnce(opps)

	score := func(i int) int { return 50 + i }
	half := len(opps) / 2
	var stopped time.Time
	s.restartTemporal(func() {
		stopped = time.Now()
		for i, opp := range opps[:half] {
			s.completeTest(opp, score(i))
		}
		// The gateway holds a callback while its Temporal call may still
		// succeed; stay down until it gives up and Codejudge must redeliver.
		require.Eventually(t, func() bool { return s.failedCallbacks() > 0 }, 30*time.Second, 100*time.Millisecond,
			"the gateway refuses a callback it cannot record")
	})
	down := time.Since(stopped)
	for i, opp := range opps[half:] {
		s.completeTest(opp, score(half+i))
	}
	took := s.awaitAll("assessment completed", opps, 90*time.Second, s.assessmentClosed)
	for i, opp := range opps {
		s.requireResultOnce(opp, score(i))
	}
	t.Logf("Temporal down %v; %d callback deliveries failed and were redelivered; %d assessments completed with their results %v after the restart",
		down.Round(time.Millisecond), s.failedCallbacks(), len(opps), took.Round(time.Millisecond))
}

// failedCallbacks counts Codejudge's callback attempts the gateway did not
// acknowledge.
func (s *stack) failedCallbacks() int {
	n := 0
	for _, d := range s.sandbox.Codejudge.Deliveries() {
		if !d.OK() {
			n++
		}
	}
	return n
}

// completeTest plays the candidate finishing the test with the given score,
// through the Codejudge emulator's sandbox endpoint (as `cjlever sandbox
// complete` does); Codejudge then calls the gateway back.
func (s *stack) completeTest(opp string, score int) {
	s.t.Helper()
	invites, err := s.codejudge.ListInvites(context.Background(), codejudge.InviteFilter{ExternalID: opp})
	require.NoError(s.t, err)
	require.Len(s.t, invites, 1)
	root := strings.TrimSuffix(s.sandbox.CodejudgeURL, "/v1")
	body, err := json.Marshal(map[string]int{"score": score})
	require.NoError(s.t, err)
	req, err := http.NewRequest(http.MethodPost, root+"/sandbox/invites/"+url.PathEscape(invites[0].ID)+"/complete", bytes.NewReader(body))
	require.NoError(s.t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+sandbox.CodejudgeAPIKey)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(s.t, err)
	resp.Body.Close()
	require.Equal(s.t, http.StatusOK, resp.StatusCode)
}

// assessmentClosed: the opportunity's assessment workflow has ended.
func (s *stack) assessmentClosed(opp string) bool {
	d, err := s.temporalClient.DescribeWorkflowExecution(context.Background(), workflows.AssessmentWorkflowID(sandbox.ConnectionID, opp), "")
	return err == nil && d.WorkflowExecutionInfo.Status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING
}

// requireResultOnce: the assessment completed, and Lever has the invite note
// and exactly one result note, with the candidate's score.
func (s *stack) requireResultOnce(opp string, score int) {
	s.t.Helper()
	ctx := context.Background()
	var status workflows.AssessmentStatus
	require.NoError(s.t, s.temporalClient.GetWorkflow(ctx, workflows.AssessmentWorkflowID(sandbox.ConnectionID, opp), "").Get(ctx, &status))
	require.Equal(s.t, workflows.StateCompleted, status.State, "opportunity %s: %s", opp, status.Reason)
	notes, err := s.lever.ListNotes(ctx, opp)
	require.NoError(s.t, err)
	require.Len(s.t, notes, 2, "opportunity %s: the invite note and the result note: %+v", opp, notes)
	require.Equal(s.t, 1, countNotes(notes, inviteNoteText), "opportunity %s", opp)
	require.Equal(s.t, 1, countNotes(notes, fmt.Sprintf("Score: %d / 100", score)), "opportunity %s", opp)
}
