package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/ops"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

// TestOutageParksAndOpsRetrySendsTheInvite: while Codejudge is down a moved
// candidate's assessment parks in NeedsAttention (CJ Error tagged and noted)
// once dev's outage bound passes; when Codejudge is back, `cjlever ops retry`
// sends the invite.
func TestOutageParksAndOpsRetrySendsTheInvite(t *testing.T) {
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
}
