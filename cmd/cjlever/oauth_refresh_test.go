//go:build !nodev

package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/workflows"
)

// oauthTokenTTL is the Lever emulator's access-token lifetime in these
// tests: seconds, so that they see several expiries quickly.
const oauthTokenTTL = 4 * time.Second

// TestOAuthTokensRotateAcrossExpiries connects an emulated Lever account
// over OAuth and assesses candidates across several access-token expiries.
// The emulator rotates refresh tokens and refuses a used one, so each
// refresh must use the refresh token the last one returned: otherwise the
// connection would need re-authorisation and the candidates would wait.
func TestOAuthTokensRotateAcrossExpiries(t *testing.T) {
	env := startTestDev(t, "--lever-token-ttl="+oauthTokenTTL.String())
	c := temporalClient(t, env)
	acme := addOAuthAccount(t, env.sandbox, "acme")
	acme.connectOverOAuth(t, env.directory, "acme")

	const rounds = 4
	for i := range rounds {
		opp := acme.assessNewCandidate(t, c, "acme", i)
		acme.waitInvited(t, opp)
		time.Sleep(oauthTokenTTL) // the token the round used expires
	}
	refreshes := env.sandbox.Lever.TokenRequests(devLeverClientID)["refresh_token"]
	require.GreaterOrEqual(t, refreshes, rounds-1, "each round after the first needed a new access token")
	v, err := env.directory.View(context.Background(), "acme")
	require.NoError(t, err)
	require.Equal(t, workflows.ConnectionActive, v.State, "no refresh was refused: %s", v.LastError)
	require.Empty(t, v.LastError)
}

// TestRefusedGrantWaitsForReauthorization revokes the account's grant: the
// next refresh meets invalid_grant, the connection needs re-authorisation
// (its View and the Temporal UI say so), an assessment started meanwhile
// waits and says why, and once the admin connects Lever again it carries
// on at once (the Connection workflow wakes it) and invites the candidate.
func TestRefusedGrantWaitsForReauthorization(t *testing.T) {
	env := startTestDev(t, "--lever-token-ttl="+oauthTokenTTL.String())
	c := temporalClient(t, env)
	ctx := context.Background()
	acme := addOAuthAccount(t, env.sandbox, "acme")
	acme.connectOverOAuth(t, env.directory, "acme")

	env.sandbox.Lever.RevokeGrants("acme")
	time.Sleep(oauthTokenTTL) // the access token expires; its refresh is refused
	opp := acme.assessNewCandidate(t, c, "acme", 1)
	assessment := workflows.AssessmentWorkflowID("acme", opp)
	eventually(t, "the assessment waits", func() bool {
		var status workflows.AssessmentStatus
		v, err := c.QueryWorkflow(ctx, assessment, "", workflows.StatusQuery)
		return err == nil && v.Get(&status) == nil && status.Waiting == workflows.WaitingForReauthorization
	})
	v, err := env.directory.View(ctx, "acme")
	require.NoError(t, err)
	require.Equal(t, workflows.ConnectionNeedsReauthorization, v.State)
	require.Contains(t, v.LastError, "connect Lever again")
	eventually(t, "the UI shows the connection and the assessment waiting", func() bool {
		return searchStatus(t, c, workflows.ConnectionWorkflowID("acme")) == string(workflows.ConnectionNeedsReauthorization) &&
			searchStatus(t, c, assessment) == string(workflows.StateWaitingForReauthorization)
	})
	require.False(t, acme.invited(t, opp))

	reconnected := time.Now()
	acme.reconnect(t, env.directory, "acme")
	acme.waitInvited(t, opp)
	require.Less(t, time.Since(reconnected), time.Minute, "woken by the connection, not by its five-minute re-check")
	require.Equal(t, string(workflows.ConnectionActive), searchStatus(t, c, workflows.ConnectionWorkflowID("acme")))
	eventually(t, "the assessment shows it waits for the result", func() bool {
		return searchStatus(t, c, assessment) == string(workflows.StateAwaitingResult)
	})
}
