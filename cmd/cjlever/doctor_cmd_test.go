//go:build !nodev

package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

// TestDoctorOnTheDevStack runs `cjlever doctor` as an operator would, next
// to a running stack: all is well, then a webhook deleted in Lever is found
// with its fix and the command fails; an OAuth connection is checked with
// the access token its workflow hands out.
func TestDoctorOnTheDevStack(t *testing.T) {
	dataDir := t.TempDir()
	// Not ephemeral: the doctor reads the codec keys as a tool does.
	env := startTestDev(t, "--ephemeral=false", "--data-dir="+dataDir)
	keys, err := os.ReadFile(filepath.Join(dataDir, devKeysFile))
	require.NoError(t, err)
	vars := map[string]string{
		"TEMPORAL_ADDRESS": env.temporal.FrontendAddress(), "TEMPORAL_NAMESPACE": env.temporal.Namespace(),
		"CJLEVER_CODEC_KEYS": string(keys), "CJLEVER_PUBLIC_URL": env.gatewayURL,
	}
	lookup := func(name string) (string, bool) { v, ok := vars[name]; return v, ok }
	ctx := context.Background()
	doctor := func(args ...string) (string, error) {
		var out strings.Builder
		err := runDoctor(ctx, args, lookup, &out)
		return out.String(), err
	}

	out, err := doctor()
	require.NoError(t, err, out)
	require.Contains(t, out, "connection "+sandbox.ConnectionID+"\n")
	require.Contains(t, out, "ok       candidateArchiveChange webhook: registered, pointing at "+env.gatewayURL+"/webhooks/lever/"+sandbox.ConnectionID)
	require.Contains(t, out, "ok       test CJ-81519: known to Codejudge")
	require.True(t, strings.HasSuffix(out, "all well: 1 connection(s) checked, no problem found\n"), out)

	sc, err := newSandboxClients(env.sandbox.LeverURL, env.sandbox.CodejudgeURL)
	require.NoError(t, err)
	hooks, err := sc.lever.ListWebhooks(ctx)
	require.NoError(t, err)
	for _, h := range hooks {
		if h.Event == lever.EventCandidateStageChange {
			require.NoError(t, sc.lever.DeleteWebhook(ctx, h.ID))
		}
	}
	out, err = doctor("--connection", sandbox.ConnectionID)
	require.EqualError(t, err, "doctor found 1 problem(s)", out)
	require.Contains(t, out, "PROBLEM  candidateStageChange webhook: not registered in Lever\n")
	require.Contains(t, out, "fix: in Lever, Settings > Integrations and API > Webhooks, add "+env.gatewayURL+"/webhooks/lever/"+sandbox.ConnectionID+" for candidateStageChange")
	require.NotContains(t, out, sandbox.LeverAPIKey)
	require.NotContains(t, out, sandbox.CodejudgeAPIKey)
	require.NotContains(t, out, sandbox.CodejudgeCallbackSecret)

	acme := addOAuthAccount(t, env.sandbox, "acme")
	acme.connectOverOAuth(t, env.directory, "acme")
	out, err = doctor("--connection", "acme")
	require.EqualError(t, err, fmt.Sprintf("doctor found %d problem(s)", len(workflows.LeverWebhookEvents)), out)
	require.Contains(t, out, "ok       Lever credentials: Lever accepted the connection's OAuth access token\n")
	require.Contains(t, out, "PROBLEM  applicationCreated webhook: not registered in Lever\n")
	require.Contains(t, out, `fix: press "Register webhooks in Lever" on the settings page (`+env.gatewayURL+"/settings/connections/acme)")
	require.NoError(t, env.directory.RegisterWebhooks(ctx, "acme", env.gatewayURL+"/webhooks/lever/acme"))
	out, err = doctor("--connection", "acme")
	require.NoError(t, err, out)
}
