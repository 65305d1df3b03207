//go:build !nodev

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/codec"
	"github.com/cjlever/cjlever/sandbox"
)

// newCodecKeys is a fresh CJLEVER_CODEC_KEYS value for a test's processes.
func newCodecKeys(t *testing.T) string {
	t.Helper()
	keys, err := codec.NewKeyString("test")
	require.NoError(t, err)
	return keys
}

// TestTemporalDatabaseHoldsNoPlainSecrets runs an invite and a result
// through `cjlever dev` on a file database, stops it, and reads Temporal's
// SQLite files as bytes: the candidate's name and email and every secret of
// the connection must appear nowhere, since the codec encrypts every payload.
func TestTemporalDatabaseHoldsNoPlainSecrets(t *testing.T) {
	dir := t.TempDir()
	env := startTestDev(t, "--ephemeral=false", "--data-dir="+dir)
	ctx := context.Background()
	sc, err := newSandboxClients(env.sandbox.LeverURL, env.sandbox.CodejudgeURL)
	require.NoError(t, err)
	user, err := sc.performAs(ctx)
	require.NoError(t, err)
	const name, email = "Hedy Lamarr", "hedy.lamarr.codec@example.com"
	opp, err := sc.lever.CreateOpportunity(ctx, lever.NewOpportunity{
		Name: name, Emails: []string{email}, Postings: []string{env.sandbox.Seed.PostingID},
	}, user)
	require.NoError(t, err)
	require.NoError(t, sc.move(ctx, opp.ID, sandbox.AssessmentStage))
	eventually(t, "the invite is noted", func() bool {
		notes, err := sc.lever.ListNotes(ctx, opp.ID)
		return err == nil && anyNote(notes, "invited the candidate")
	})
	require.NoError(t, sc.complete(ctx, opp.ID, 77))
	eventually(t, "the result is noted", func() bool {
		notes, err := sc.lever.ListNotes(ctx, opp.ID)
		return err == nil && anyNote(notes, "Score: 77")
	})
	env.stop()

	db := readDatabaseFiles(t, env.dbFile)
	require.True(t, bytes.Contains(db, []byte(opp.ID)), "the check reads the database: workflow ids hold the opportunity id in plain text")

	conn := env.sandbox.Connection
	secrets := map[string]string{
		"candidate name":            name,
		"candidate email":           email,
		"Lever API key":             conn.Lever.APIKey.Reveal(),
		"Codejudge API key":         conn.Codejudge.APIKey.Reveal(),
		"Codejudge callback secret": conn.Codejudge.CallbackSecret.Reveal(),
	}
	for event, token := range conn.Lever.WebhookTokens {
		secrets["Lever signature token of "+event] = token.Reveal()
	}
	for what, secret := range secrets {
		require.NotEmpty(t, secret, what)
		require.False(t, bytes.Contains(db, []byte(secret)), "Temporal's database holds the %s in plain text", what)
	}
}

// readDatabaseFiles reads a SQLite database with its -wal and -shm files.
func readDatabaseFiles(t *testing.T, dbFile string) []byte {
	t.Helper()
	files, err := filepath.Glob(dbFile + "*")
	require.NoError(t, err)
	require.Contains(t, files, dbFile)
	var all []byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		t.Logf("%s: %d bytes", filepath.Base(f), len(b))
		all = append(all, b...)
	}
	return all
}
