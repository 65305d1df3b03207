//go:build !nodev

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/codec"
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
	const name, email = "Hedy Lamarr", "hedy.lamarr.codec@example.com"
	opp := assessCandidate(t, env, name, email, 77)
	env.stop()

	db := readDatabaseFiles(t, env.dbFile)
	require.True(t, bytes.Contains(db, []byte(opp)), "the check reads the database: workflow ids hold the opportunity id in plain text")

	secrets := connectionSecrets(env.sandbox.Connection)
	secrets["candidate name"], secrets["candidate email"] = name, email
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
