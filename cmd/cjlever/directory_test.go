//go:build !nodev

package main

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/connections"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

// TestDirectoryOverTemporal drives the Directory against the dev stack's
// Temporal and worker: the sandbox connection applied at start, and a
// connection made the settings page's way.
func TestDirectoryOverTemporal(t *testing.T) {
	env := startTestDev(t)
	dir := connections.NewDirectory(temporalClient(t, env), connections.Options{
		Environments: leverEnvironments(), CodejudgeBaseURL: "https://api.codejudge.example/v1",
		OAuth: lever.OAuthApp{ClientID: "app", ClientSecret: "shh", RedirectURL: "https://cj.example" + oauthCallbackPath},
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	applied, err := dir.Get(ctx, sandbox.ConnectionID)
	require.NoError(t, err)
	require.Equal(t, env.sandbox.Connection.Lever.APIKey.Reveal(), applied.Lever.APIKey.Reveal())
	require.Positive(t, applied.Version)
	_, err = dir.Get(ctx, "nobody")
	require.ErrorIs(t, err, connections.ErrNotFound)
	_, err = dir.LeverToken(ctx, sandbox.ConnectionID, "")
	require.ErrorIs(t, err, connections.ErrInvalid, "an API-key connection has no OAuth token")

	nc := connections.NewConnection{ID: "acme", Environment: "sandbox", CodejudgeAPIKey: "cj", CodejudgeCallbackSecret: "cbs"}
	require.NoError(t, dir.Create(ctx, nc))
	require.ErrorIs(t, dir.Create(ctx, nc), connections.ErrInvalid, "a second create")
	require.ErrorIs(t, dir.Create(ctx, connections.NewConnection{ID: "b", Environment: "mars"}), connections.ErrInvalid)
	err = dir.Save(ctx, "acme", connections.Settings{})
	require.ErrorIs(t, err, connections.ErrInvalid)
	require.Contains(t, err.Error(), "trigger stage")
	require.NoError(t, dir.Save(ctx, "acme", connections.Settings{TriggerStageID: "stage-x", WebhookTokens: map[string]string{"candidateStageChange": "tok"}}))

	authorize, err := dir.BeginOAuth(ctx, "acme", "state-1")
	require.NoError(t, err)
	u, err := url.Parse(authorize)
	require.NoError(t, err)
	require.Equal(t, "state-1", u.Query().Get("state"))
	require.Equal(t, lever.Sandbox.Audience, u.Query().Get("audience"))
	require.ErrorIs(t, dir.CompleteOAuth(ctx, "acme", "state-2", "code"), connections.ErrInvalid)

	v, err := dir.View(ctx, "acme")
	require.NoError(t, err)
	require.Equal(t, workflows.ConnectionNotConnected, v.State)
	require.Equal(t, "stage-x", v.TriggerStageID)
	require.Equal(t, []string{"candidateStageChange"}, v.WebhookEvents)
	require.Empty(t, v.Auth)

	eventually(t, "both connections are listed", func() bool {
		views, err := dir.List(ctx)
		return err == nil && slices.IndexFunc(views, func(v connections.View) bool { return v.ID == "acme" }) >= 0 &&
			slices.IndexFunc(views, func(v connections.View) bool { return v.ID == sandbox.ConnectionID }) >= 0
	})

	require.NoError(t, dir.Disable(ctx, "acme"))
	disabled, err := dir.Get(ctx, "acme")
	require.NoError(t, err)
	require.True(t, disabled.Disabled)
	require.Empty(t, disabled.Lever.WebhookTokens)
	require.ErrorIs(t, dir.Disable(ctx, "acme"), connections.ErrInvalid, "already disabled")
}

// TestDisablingAConnectionEndsItsAssessments: an admin disables a connection
// while a candidate waits for their result. The assessment ends, the
// opportunity says why, and Lever's later deliveries for the connection are
// refused: it has no tokens left to check them with.
func TestDisablingAConnectionEndsItsAssessments(t *testing.T) {
	env := startTestDev(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sc, opps := createCandidates(t, env.sandbox, 1, "")
	opp := opps[0]
	require.NoError(t, sc.move(ctx, opp, sandbox.AssessmentStage))
	eventually(t, "the candidate is invited", func() bool {
		o, err := sc.lever.GetOpportunity(ctx, opp)
		return err == nil && contains(o.Tags, workflows.TagInviteSent)
	})

	dir := connections.NewDirectory(temporalClient(t, env), connections.Options{})
	served, err := dir.ServedIDs(ctx)
	require.NoError(t, err)
	require.Contains(t, served, sandbox.ConnectionID)
	require.NoError(t, dir.Disable(ctx, sandbox.ConnectionID))
	eventually(t, "workers stop serving the disabled connection's Lever queue", func() bool {
		served, err := dir.ServedIDs(ctx)
		return err == nil && !slices.Contains(served, sandbox.ConnectionID)
	})

	run := temporalClient(t, env).GetWorkflow(ctx, workflows.AssessmentWorkflowID(sandbox.ConnectionID, opp), "")
	var canceled *temporal.CanceledError
	require.ErrorAs(t, run.Get(ctx, nil), &canceled, "the assessment ends cancelled")
	notes, err := sc.lever.ListNotes(ctx, opp)
	require.NoError(t, err)
	require.True(t, anyNote(notes, "the Codejudge integration was disabled"), "notes: %+v", notes)

	v, err := dir.View(ctx, sandbox.ConnectionID)
	require.NoError(t, err)
	require.Equal(t, workflows.ConnectionDisabled, v.State)
	require.Empty(t, v.WebhookEvents, "the webhook tokens are forgotten")
	eventually(t, "a gateway refuses the disabled connection's deliveries", func() bool {
		resp, err := http.Post(env.gatewayURL+"/webhooks/lever/"+sandbox.ConnectionID, "application/json",
			bytes.NewReader(signedStageChange(t, "any-token", opp, sandbox.AssessmentStage, time.Now().UnixMilli(), 1)))
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusNotFound
	})
}
