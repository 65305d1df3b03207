//go:build !nodev

package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

// startTestDev runs the dev stack as `cjlever dev --ephemeral` does, on free
// ports, with fast emulator redeliveries. Flags add to or override these.
func startTestDev(t *testing.T, flags ...string) *devEnv {
	t.Helper()
	f, err := parseDevFlags(append([]string{"--ephemeral", "--port=0", "--lever-port=0", "--codejudge-port=0",
		"--temporal-port=0", "--ui-port=-1", "--host=127.0.0.1", "--log-level=warn", "--poll-interval=1h", "--reconcile-interval=1h", "--temporal-log-level=fatal"}, flags...))
	require.NoError(t, err)
	f.retryDelays = []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		logger = slog.New(slog.NewTextHandler(&testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	env, err := startDev(context.Background(), f, logger)
	require.NoError(t, err)
	t.Cleanup(env.stop)
	return env
}

type testWriter struct{ t *testing.T }

func (w *testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	require.Eventually(t, cond, 30*time.Second, 100*time.Millisecond, what)
}

func temporalClient(t *testing.T, env *devEnv) client.Client {
	t.Helper()
	c, err := client.Dial(client.Options{
		HostPort: env.temporal.FrontendAddress(), Namespace: env.temporal.Namespace(),
		DataConverter: env.codec.DataConverter(), FailureConverter: env.codec.FailureConverter(),
	})
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

// TestEndToEnd walks the README's path: a candidate applies, is moved to the
// Assessment stage through the Lever emulator's API, is invited through
// Codejudge, finishes the test, and Lever ends with the tag, the notes and
// the results link.
func TestEndToEnd(t *testing.T) {
	env := startTestDev(t)
	ctx := context.Background()
	tc := temporalClient(t, env)
	sc, opp, _ := applyOnSandboxPosting(t, env, "Ada Lovelace", "ada@example.com")
	require.Contains(t, opp.Tags, "CJ-81519", "the opportunity inherits the posting's tag")

	// Lever's applicationCreated arrives first; the new applicant is not in
	// the trigger stage, so the check ends Skipped and leaves the assessment
	// to the stage change.
	var checked workflows.State
	eventually(t, "the application check ran", func() bool {
		run := tc.GetWorkflow(ctx, workflows.ApplicationCheckWorkflowID(sandbox.ConnectionID, opp.ID), "")
		return run.Get(ctx, &checked) == nil
	})
	require.Equal(t, workflows.StateSkipped, checked)

	require.NoError(t, sc.move(ctx, opp.ID, sandbox.AssessmentStage))

	workflowID := workflows.AssessmentWorkflowID(sandbox.ConnectionID, opp.ID)
	eventually(t, "the opportunity is tagged CJ TEST INVITE SENT with an invite note", func() bool {
		return invitedInLever(ctx, sc.lever, opp.ID)
	})
	invites, err := sc.codejudge.ListInvites(ctx, codejudge.InviteFilter{ExternalID: opp.ID})
	require.NoError(t, err)
	require.Len(t, invites, 1)
	require.Equal(t, "CJ-81519", invites[0].TestID)

	// Support can find it in the UI by its search attributes.
	eventually(t, "the workflow is visible as AwaitingResult", func() bool {
		ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		resp, err := tc.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
			Namespace: env.temporal.Namespace(),
			Query: fmt.Sprintf("WorkflowType = '%s' AND CJOpportunityId = '%s' AND CJStatus = 'AwaitingResult'",
				workflows.CandidateAssessmentWorkflowName, opp.ID),
		})
		if err != nil {
			t.Logf("list: %v", err)
			return false
		}
		return len(resp.Executions) == 1
	})

	require.NoError(t, sc.complete(ctx, opp.ID, 82))

	run := tc.GetWorkflow(ctx, workflowID, "")
	var status workflows.AssessmentStatus
	require.NoError(t, run.Get(ctx, &status))
	require.Equal(t, workflows.StateCompleted, status.State)

	o, err := sc.lever.GetOpportunity(ctx, opp.ID)
	require.NoError(t, err)
	require.Contains(t, o.Tags, workflows.TagInviteSent)
	require.NotContains(t, o.Tags, workflows.TagError)
	require.Len(t, o.Links, 1)
	require.Contains(t, o.Links[0], invites[0].ID)
	notes, err := sc.lever.ListNotes(ctx, opp.ID)
	require.NoError(t, err)
	require.Len(t, notes, 2)
	require.True(t, anyNote(notes, "Score: 82 / 100 (82.0%)"), "results note: %+v", notes)

	desc, err := tc.DescribeWorkflowExecution(ctx, workflowID, "")
	require.NoError(t, err)
	require.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED, desc.WorkflowExecutionInfo.Status)

	recordHistory(t, tc, env.codec, workflows.ApplicationCheckWorkflowID(sandbox.ConnectionID, opp.ID), "application_check_skipped")
	recordHistory(t, tc, env.codec, workflowID, "candidate_assessment_completed")
	recordHistory(t, tc, env.codec, workflows.TestInvitationWorkflowID(sandbox.ConnectionID, opp.ID, "CJ-81519"), "test_invitation_completed")
	recordHistory(t, tc, env.codec, workflows.ConnectionWorkflowID(sandbox.ConnectionID), "connection_applied")
}

// TestDuplicateDeliveriesInviteOnce delivers one stage change five times, at
// once and again later, as Lever's retries and manual re-runs do.
func TestDuplicateDeliveriesInviteOnce(t *testing.T) {
	env := startTestDev(t)
	ctx := context.Background()
	sc, opps := createCandidates(t, env.sandbox, 1, "")
	opp := opps[0]

	// The recruiter's move, which the Lever emulator delivers itself; the
	// deliveries below are Lever's retries and re-runs of it.
	triggeredAt := time.Now().UnixMilli()
	require.NoError(t, sc.move(ctx, opp, sandbox.AssessmentStage))
	token := env.sandbox.Connection.Lever.WebhookTokens[lever.EventCandidateStageChange].Reveal()
	stageChange := func(oppID string) []byte {
		data, _ := json.Marshal(map[string]string{
			"opportunityId": oppID, "candidateId": oppID, "contactId": oppID,
			"fromStageId": "applicant-new", "toStageId": env.sandbox.Connection.TriggerStageID,
		})
		return data
	}
	data := stageChange(opp)
	deliver := func(i int) int {
		deliveryToken := fmt.Sprintf("token-%d-%048d", i, i)[:48]
		mac := hmac.New(sha256.New, []byte(token))
		fmt.Fprintf(mac, "%s%d", deliveryToken, triggeredAt)
		body, _ := json.Marshal(map[string]any{
			"id": "evt-1", "event": "candidateStageChange", "triggeredAt": triggeredAt,
			"token": deliveryToken, "signature": hex.EncodeToString(mac.Sum(nil)), "data": json.RawMessage(data),
		})
		resp, err := http.Post(env.gatewayURL+"/webhooks/lever/"+sandbox.ConnectionID, "application/json", bytes.NewReader(body))
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	var wg sync.WaitGroup
	codes := make([]int, 5)
	for i := range 5 {
		wg.Add(1)
		go func() { defer wg.Done(); codes[i] = deliver(i) }()
	}
	wg.Wait()
	accepted := 0
	for _, c := range codes {
		require.Contains(t, []int{http.StatusOK, http.StatusAccepted}, c)
		if c == http.StatusAccepted {
			accepted++
		}
	}
	require.LessOrEqual(t, accepted, 1, "at most one delivery starts the workflow (the emulator's may have): %v", codes)

	eventually(t, "the invite is sent", func() bool {
		invites, err := sc.codejudge.ListInvites(ctx, codejudge.InviteFilter{ExternalID: opp})
		return err == nil && len(invites) == 1
	})
	require.Equal(t, http.StatusOK, deliver(99), "a late redelivery is a duplicate")
	require.Equal(t, http.StatusConflict, deliver(0), "a delivery token seen before is a replay")
	data = stageChange("opportunity-of-a-victim")
	require.Equal(t, http.StatusConflict, deliver(1), "a replay with another opportunity is refused")
	// The replay's start went to Temporal with its claim, at once: the run it
	// made is terminated before it could act.
	victim, err := temporalClient(t, env).DescribeWorkflowExecution(ctx, workflows.AssessmentWorkflowID(sandbox.ConnectionID, "opportunity-of-a-victim"), "")
	require.NoError(t, err)
	require.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED, victim.GetWorkflowExecutionInfo().GetStatus())
	time.Sleep(500 * time.Millisecond)
	invites, err := sc.codejudge.ListInvites(ctx, codejudge.InviteFilter{ExternalID: opp})
	require.NoError(t, err)
	require.Len(t, invites, 1)
	recordHistory(t, temporalClient(t, env), env.codec, workflows.DeliveryTokenWorkflowID(sandbox.ConnectionID, fmt.Sprintf("token-%d-%048d", 0, 0)[:48]), "delivery_token_held")
}

// TestRestartOnAFileDatabaseServesAtOnce: after a restart on the file
// database, a stage change leads to an invite within seconds. It once took
// about 50 s: the previous run's cluster members lingered in the database
// and the server answered "Not enough hosts to serve the request".
func TestRestartOnAFileDatabaseServesAtOnce(t *testing.T) {
	dir := t.TempDir()
	first := startTestDev(t, "--ephemeral=false", "--data-dir="+dir)
	_, opps := createCandidates(t, first.sandbox, 1, "")
	opp := opps[0]
	first.stop()

	second := startTestDev(t, "--ephemeral=false", "--data-dir="+dir)
	sc, err := newSandboxClients(second.sandbox.LeverURL, second.sandbox.CodejudgeURL)
	require.NoError(t, err)
	ctx := context.Background()
	started := time.Now()
	require.NoError(t, sc.move(ctx, opp, sandbox.AssessmentStage))
	require.Eventually(t, func() bool {
		invites, err := sc.codejudge.ListInvites(ctx, codejudge.InviteFilter{ExternalID: opp})
		return err == nil && len(invites) == 1
	}, 5*time.Second, 50*time.Millisecond, "the invite after a restart")
	t.Logf("invite %v after the move on the restarted stack", time.Since(started))
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// invitedInLever: the opportunity is tagged CJ TEST INVITE SENT and has the
// invite note.
func invitedInLever(ctx context.Context, lc *lever.Client, opportunityID string) bool {
	o, err := lc.GetOpportunity(ctx, opportunityID)
	if err != nil || !contains(o.Tags, workflows.TagInviteSent) {
		return false
	}
	notes, err := lc.ListNotes(ctx, opportunityID)
	return err == nil && anyNote(notes, "invited the candidate to the test")
}

func anyNote(notes []lever.Note, substr string) bool {
	for _, n := range notes {
		if strings.Contains(n.Value, substr) {
			return true
		}
	}
	return false
}
