//go:build !nodev

package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/codec"
	"github.com/cjlever/cjlever/connections"
	"github.com/cjlever/cjlever/devserver"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

// TestOneRefreshPerExpiryAcrossWorkerProcesses runs two `cjlever worker`
// processes serving one OAuth connection. Each round waits until the access
// token has expired, then starts many assessments at once, so both
// processes need a new token at the same moment: Lever's token endpoint must
// see exactly one refresh per round, and both processes must have asked.
func TestOneRefreshPerExpiryAcrossWorkerProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs two worker processes")
	}
	// Long enough that a round's assessments finish before the new token
	// nears its expiry, so that a second refresh in a round is a fault.
	const tokenTTL = 10 * time.Second
	bin := filepath.Join(t.TempDir(), "cjlever")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "building cjlever: %s", out)

	temporal, err := devserver.StartTemporal(devserver.TemporalOptions{Ephemeral: true, SearchAttributes: workflows.SearchAttributes(), LogLevel: "fatal"})
	require.NoError(t, err)
	t.Cleanup(func() { _ = temporal.Stop() })
	publicURL := "http://" + freeAddr(t)
	leverListener := listen(t)
	sb, err := sandbox.Start(context.Background(), sandbox.Options{
		LeverListener: leverListener, CodejudgeListener: listen(t), GatewayURL: publicURL, LeverAccessTokenTTL: tokenTTL,
	})
	require.NoError(t, err)
	t.Cleanup(sb.Close)
	app := lever.OAuthApp{ClientID: "cjlever-processes", ClientSecret: "app-secret", RedirectURL: publicURL + oauthCallbackPath}
	sb.Lever.RegisterOAuthClient(app.ClientID, app.ClientSecret, app.RedirectURL)
	leverRoot := "http://" + leverListener.Addr().String()

	keys := newCodecKeys(t)
	env := []string{
		"TEMPORAL_ADDRESS=" + temporal.FrontendAddress(), "TEMPORAL_NAMESPACE=" + temporal.Namespace(),
		"CJLEVER_PUBLIC_URL=" + publicURL, "CJLEVER_CODEC_KEYS=" + keys,
		"CJLEVER_LEVER_CLIENT_ID=" + app.ClientID, "CJLEVER_LEVER_CLIENT_SECRET=" + app.ClientSecret,
		devLeverEmulatorVar + "=" + leverRoot,
		"CJLEVER_LEVER_REQUESTS_PER_SECOND=1000", "CJLEVER_LOG_LEVEL=info", "CJLEVER_WORKER_SHUTDOWN_TIMEOUT=2s",
		// No reconciliation during the test: its schedule fires on the
		// quarter hour, and a listing then fetched a fresh token for one
		// process just before a round, which then had no need to ask.
		"CJLEVER_RECONCILE_INTERVAL=9999h",
	}
	for range 2 {
		addr := freeAddr(t)
		startProcess(t, bin, roleWorker, append(env, "CJLEVER_WORKER_METRICS_LISTEN="+addr))
		require.NoError(t, waitFor2xx(context.Background(), "http://"+addr+"/readyz"))
	}

	ring, err := codec.ParseKeyRing(keys)
	require.NoError(t, err)
	c, err := client.Dial(client.Options{HostPort: temporal.FrontendAddress(), Namespace: temporal.Namespace(),
		DataConverter: ring.DataConverter(), FailureConverter: ring.FailureConverter()})
	require.NoError(t, err)
	t.Cleanup(c.Close)
	dir := connections.NewDirectory(c, connections.Options{OAuth: app, CodejudgeBaseURL: sb.CodejudgeURL,
		Environments: leverEnvironments(emulatorEnvironment(leverRoot))})
	acme := addOAuthAccount(t, sb, "acme")
	acme.connectOverOAuth(t, dir, "acme")
	eventually(t, "both processes serve the connection's Lever queue", func() bool {
		return activityPollers(t, c, workflows.LeverTaskQueue("acme")) == 2
	})

	const rounds, candidates = 2, 12
	for round := range rounds {
		before := sb.Lever.TokenRequests(app.ClientID)["refresh_token"]
		time.Sleep(tokenTTL) // the token every process holds has expired
		since := time.Now()
		var opps []string
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := range candidates {
			wg.Go(func() {
				opp := acme.assessNewCandidate(t, c, "acme", round*candidates+i)
				mu.Lock()
				opps = append(opps, opp)
				mu.Unlock()
			})
		}
		wg.Wait()
		acme.waitInvited(t, opps...)
		require.Equal(t, before+1, sb.Lever.TokenRequests(app.ClientID)["refresh_token"], "round %d: one refresh", round)
		require.Len(t, tokenAskers(t, c, "acme", since), 2, "round %d: both processes asked for the new token", round)
	}
	v, err := dir.View(context.Background(), "acme")
	require.NoError(t, err)
	require.Equal(t, workflows.ConnectionActive, v.State)
}

// activityPollers counts the workers polling queue for activities.
func activityPollers(t *testing.T, c client.Client, queue string) int {
	t.Helper()
	resp, err := c.DescribeTaskQueue(context.Background(), queue, enumspb.TASK_QUEUE_TYPE_ACTIVITY)
	require.NoError(t, err)
	return len(resp.GetPollers())
}

// tokenAskers are the Temporal clients (one per process) whose lever-token
// updates the connection's workflow accepted since a time.
func tokenAskers(t *testing.T, c client.Client, connectionID string, since time.Time) map[string]bool {
	t.Helper()
	askers := map[string]bool{}
	it := c.GetWorkflowHistory(context.Background(), workflows.ConnectionWorkflowID(connectionID), "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		require.NoError(t, err)
		accepted := e.GetWorkflowExecutionUpdateAcceptedEventAttributes()
		if accepted == nil || e.GetEventTime().AsTime().Before(since) ||
			accepted.GetAcceptedRequest().GetInput().GetName() != workflows.LeverTokenUpdate {
			continue
		}
		askers[accepted.GetAcceptedRequest().GetMeta().GetIdentity()] = true
	}
	return askers
}
