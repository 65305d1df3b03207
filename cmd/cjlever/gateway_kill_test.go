//go:build !nodev

package main

import (
	"context"
	"net/http"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/devserver"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

// TestKilledGatewayLosesNoStageChange moves candidates through the Lever
// emulator while the one gateway process is killed with SIGKILL and started
// again on the same address: Lever's retries (the emulator's, each with a new
// token) bring every stage change in, and every candidate gets exactly one
// invite.
func TestKilledGatewayLosesNoStageChange(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs its processes")
	}
	ctx := context.Background()
	bin := filepath.Join(t.TempDir(), "cjlever")
	out, err := exec.Command("go", "build", "-tags", "nodev", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "building the production binary: %s", out)

	temporal, err := devserver.StartTemporal(devserver.TemporalOptions{Ephemeral: true, SearchAttributes: workflows.SearchAttributes(), LogLevel: "fatal"})
	require.NoError(t, err)
	t.Cleanup(func() { _ = temporal.Stop() })
	gatewayAddr := freeAddr(t)
	sb, err := sandbox.Start(ctx, sandbox.Options{
		LeverListener: listen(t), CodejudgeListener: listen(t), GatewayURL: "http://" + gatewayAddr,
		// Lever retries five times with growing gaps: room for a restart.
		RetryDelays: []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second},
	})
	require.NoError(t, err)
	t.Cleanup(sb.Close)
	connsFile := filepath.Join(t.TempDir(), "connections.json")
	writeConnectionsFile(t, connsFile, sb.Connection)
	env := []string{
		"TEMPORAL_ADDRESS=" + temporal.FrontendAddress(), "TEMPORAL_NAMESPACE=" + temporal.Namespace(),
		"CJLEVER_PUBLIC_URL=http://" + gatewayAddr, "CJLEVER_CONNECTIONS_FILE=" + connsFile,
		"CJLEVER_LISTEN=" + gatewayAddr, "CJLEVER_WORKER_METRICS_LISTEN=" + freeAddr(t),
		"CJLEVER_CODEC_KEYS=" + newCodecKeys(t),
	}
	startProcess(t, bin, roleWorker, env)
	gateway := startReadyGateway(t, bin, env, gatewayAddr)

	const candidates = 12
	sc, opps := createCandidates(t, sb, candidates, "")
	for i, opp := range opps {
		if i == candidates/2 {
			require.NoError(t, gateway.cmd.Process.Signal(syscall.SIGKILL))
			<-gateway.exited
		}
		require.NoError(t, sc.move(ctx, opp, sandbox.AssessmentStage))
	}
	startReadyGateway(t, bin, env, gatewayAddr)

	for _, opp := range opps {
		require.Eventually(t, func() bool {
			invites, err := sc.codejudge.ListInvites(ctx, codejudge.InviteFilter{ExternalID: opp})
			return err == nil && len(invites) == 1
		}, time.Minute, 200*time.Millisecond, "opportunity %s is invited", opp)
	}
	failed := 0
	for _, d := range sb.Lever.Deliveries() {
		if d.Event == lever.EventCandidateStageChange && !d.OK() {
			failed++
		}
	}
	require.Positive(t, failed, "some stage changes reached no gateway at first")
	time.Sleep(time.Second) // time for a stray second invite to show
	for _, opp := range opps {
		invites, err := sc.codejudge.ListInvites(ctx, codejudge.InviteFilter{ExternalID: opp})
		require.NoError(t, err)
		require.Len(t, invites, 1, "opportunity %s has exactly one invite", opp)
	}
}

// startReadyGateway starts a gateway process and waits for its /readyz.
func startReadyGateway(t *testing.T, bin string, env []string, addr string) *process {
	t.Helper()
	p := startProcess(t, bin, roleGateway, env)
	eventually(t, "gateway "+addr+" is ready", func() bool {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	return p
}
