//go:build !nodev

package main

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/sandbox"
)

// assessCandidate creates a candidate on the sandbox posting, moves it to
// the trigger stage, waits for the invite note, finishes the test with score
// and waits for the result note. It returns the opportunity id.
func assessCandidate(t *testing.T, env *devEnv, name, email string, score int) string {
	t.Helper()
	ctx := context.Background()
	sc, opp, _ := applyOnSandboxPosting(t, env, name, email)
	require.NoError(t, sc.move(ctx, opp.ID, sandbox.AssessmentStage))
	eventually(t, "the invite is noted", func() bool {
		notes, err := sc.lever.ListNotes(ctx, opp.ID)
		return err == nil && anyNote(notes, "invited the candidate")
	})
	require.NoError(t, sc.complete(ctx, opp.ID, score))
	eventually(t, "the result is noted", func() bool {
		notes, err := sc.lever.ListNotes(ctx, opp.ID)
		return err == nil && anyNote(notes, fmt.Sprintf("Score: %d", score))
	})
	return opp.ID
}

// applyOnSandboxPosting creates a candidate's opportunity on the sandbox
// posting (it inherits the posting's CJ-81519 tag), as a recruiter would. It
// returns the sandbox's clients and the user they act as.
func applyOnSandboxPosting(t *testing.T, env *devEnv, name, email string) (sc *sandboxClients, opp lever.Opportunity, user string) {
	t.Helper()
	ctx := context.Background()
	sc, err := newSandboxClients(env.sandbox.LeverURL, env.sandbox.CodejudgeURL)
	require.NoError(t, err)
	user, err = sc.performAs(ctx)
	require.NoError(t, err)
	opp, err = sc.lever.CreateOpportunity(ctx, lever.NewOpportunity{
		Name: name, Emails: []string{email}, Postings: []string{env.sandbox.Seed.PostingID},
	}, user)
	require.NoError(t, err)
	return sc, opp, user
}

// connectionSecrets are the connection's secrets, by what they are.
func connectionSecrets(conn config.Connection) map[string]string {
	secrets := map[string]string{
		"Lever API key":             conn.Lever.APIKey.Reveal(),
		"Codejudge API key":         conn.Codejudge.APIKey.Reveal(),
		"Codejudge callback secret": conn.Codejudge.CallbackSecret.Reveal(),
	}
	for event, token := range conn.Lever.WebhookTokens {
		secrets["Lever signature token of "+event] = token.Reveal()
	}
	return secrets
}
