//go:build !nodev

package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

// lockedBuffer collects every log line of a run; the stack logs from many
// goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestLogsHoldNoSecrets runs an invite and a result through the dev stack
// with every log at debug, the Temporal server's included, and then looks
// for each secret, token and candidate email in the log.
func TestLogsHoldNoSecrets(t *testing.T) {
	var logs lockedBuffer
	f, err := parseDevFlags([]string{"--ephemeral", "--port=0", "--lever-port=0", "--codejudge-port=0",
		"--temporal-port=0", "--ui-port=-1", "--host=127.0.0.1", "--log-level=debug", "--temporal-log-level=debug"})
	require.NoError(t, err)
	env, err := startDev(context.Background(), f, slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	require.NoError(t, err)
	t.Cleanup(env.stop)

	const email = "katherine.johnson@example.com"
	opp := assessCandidate(t, env, "Katherine Johnson", email, 90)
	env.stop()

	secrets := connectionSecrets(env.sandbox.Connection)
	secrets["candidate email"] = email
	out := logs.String()
	require.Contains(t, out, workflows.AssessmentWorkflowID(sandbox.ConnectionID, opp), "the run was logged at all")
	for what, secret := range secrets {
		require.NotEmpty(t, secret, what)
		require.False(t, strings.Contains(out, secret), "the log holds the %s", what)
	}
}
