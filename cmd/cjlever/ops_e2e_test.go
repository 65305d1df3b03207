//go:build !nodev

package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/gateway"
	"github.com/cjlever/cjlever/ops"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

// TestOutageParksAndOpsRetrySendsTheInvite: while Codejudge is down a moved
// candidate's assessment parks in NeedsAttention (CJ Error tagged and noted)
// once dev's outage bound passes, and the gateway's ops API lists it; when
// Codejudge is back, `cjlever ops retry` sends the invite.
func TestOutageParksAndOpsRetrySendsTheInvite(t *testing.T) {
	const opsToken = "ops-token-of-the-e2e-test-0001"
	t.Setenv(gateway.OpsTokenVar, opsToken)
	env := startTestDev(t)
	ctx := context.Background()
	tc := temporalClient(t, env)
	svc := ops.New(tc, ops.Options{})
	sc, opps := createCandidates(t, env.sandbox, 1, "")
	opp := opps[0]

	require.NoError(t, sc.outage(ctx, "codejudge", true))
	require.NoError(t, sc.move(ctx, opp, sandbox.AssessmentStage))
	id := workflows.AssessmentWorkflowID(sandbox.ConnectionID, opp)
	// Dev's outage bound is short, so that the sandbox shows this within a
	// minute.
	waitForStatus(t, tc, id, 2*time.Minute, workflows.StateNeedsAttention)
	o, err := sc.lever.GetOpportunity(ctx, opp)
	require.NoError(t, err)
	require.Contains(t, o.Tags, workflows.TagError)
	require.NotContains(t, o.Tags, workflows.TagInviteSent)
	notes, err := sc.lever.ListNotes(ctx, opp)
	require.NoError(t, err)
	require.NotEmpty(t, notes, "the reason is noted for the recruiter")

	parked := env.gatewayURL + "/ops/assessments?status=NeedsAttention&connection=" + sandbox.ConnectionID
	status, body := opsAPIGet(t, parked, "")
	require.Equal(t, http.StatusUnauthorized, status)
	require.NotContains(t, body, opp)
	status, body = opsAPIGet(t, parked, opsToken)
	require.Equal(t, http.StatusOK, status, body)
	require.Contains(t, body, opp)

	var out bytes.Buffer
	show, err := parseOps([]string{"show", opp}, "e2e")
	require.NoError(t, err)
	require.NoError(t, show.run(ctx, svc, &out))
	require.Contains(t, out.String(), "Status: NeedsAttention")

	require.NoError(t, sc.outage(ctx, "codejudge", false))
	out.Reset()
	retry, err := parseOps([]string{"retry", opp}, "e2e")
	require.NoError(t, err)
	require.NoError(t, retry.run(ctx, svc, &out), out.String())
	require.Contains(t, out.String(), "Retried opportunity "+opp)

	eventually(t, "the invite goes out and CJ TEST INVITE SENT is tagged", func() bool {
		o, err := sc.lever.GetOpportunity(ctx, opp)
		return err == nil && contains(o.Tags, workflows.TagInviteSent)
	})
	invites, err := sc.codejudge.ListInvites(ctx, codejudge.InviteFilter{ExternalID: opp})
	require.NoError(t, err)
	require.Len(t, invites, 1)

	again, err := parseOps([]string{"retry", opp}, "e2e")
	require.NoError(t, err)
	require.ErrorIs(t, again.run(ctx, svc, &out), ops.ErrRefused, "an assessment no longer parked refuses a retry")

	require.NoError(t, sc.complete(ctx, opp, 64))
	var final workflows.AssessmentStatus
	require.NoError(t, tc.GetWorkflow(ctx, id, "").Get(ctx, &final))
	require.Equal(t, workflows.StateCompleted, final.State)
	recordHistory(t, tc, env.codec, id, "candidate_assessment_parked_retried")
	recordHistory(t, tc, env.codec, workflows.TestInvitationWorkflowID(sandbox.ConnectionID, opp, "CJ-81519"), "test_invitation_outage")
}

// opsAPIGet GETs an ops API URL, with the bearer token unless it is empty.
func opsAPIGet(t *testing.T, u, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(b)
}
