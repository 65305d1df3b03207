//go:build !nodev

package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/devserver"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

// process is a cjlever OS process started by a test.
type process struct {
	name   string
	cmd    *exec.Cmd
	log    string
	exited chan struct{} // closed when the process has exited
	err    error         // its exit status, once exited
}

func startProcess(t *testing.T, bin, role string, env []string) *process {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), role+".log")
	logFile, err := os.Create(logPath)
	require.NoError(t, err)
	cmd := exec.Command(bin, role)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	require.NoError(t, cmd.Start())
	p := &process{name: role, cmd: cmd, log: logPath, exited: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		logFile.Close()
		close(p.exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.exited
		if t.Failed() {
			out, _ := os.ReadFile(logPath)
			t.Logf("--- %s log ---\n%s", role, out)
		}
	})
	return p
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().String()
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	return l
}

// signedStageChange builds a Lever candidateStageChange delivery, signed as
// Lever signs it.
func signedStageChange(t *testing.T, token, oppID, toStage string, triggeredAt int64, delivery int) []byte {
	t.Helper()
	deliveryToken := fmt.Sprintf("%048d", delivery)
	mac := hmac.New(sha256.New, []byte(token))
	fmt.Fprintf(mac, "%s%d", deliveryToken, triggeredAt)
	data, _ := json.Marshal(map[string]string{
		"opportunityId": oppID, "candidateId": oppID, "contactId": oppID,
		"fromStageId": "applicant-new", "toStageId": toStage,
	})
	body, err := json.Marshal(map[string]any{
		"event": "candidateStageChange", "triggeredAt": triggeredAt, "token": deliveryToken,
		"signature": hex.EncodeToString(mac.Sum(nil)), "data": json.RawMessage(data),
	})
	require.NoError(t, err)
	return body
}

// TestScaleOutSurvivesAKilledWorker runs two gateway and two worker processes
// (the production binary, built without the dev server) against one Temporal
// server, sends a burst of stage changes, each delivered to both gateways,
// kills one worker with SIGKILL midway, and checks that every candidate ends
// with exactly one invite and its tag and note. Then SIGTERM stops the rest
// cleanly.
func TestScaleOutSurvivesAKilledWorker(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs four processes")
	}
	ctx := context.Background()
	bin := filepath.Join(t.TempDir(), "cjlever")
	build := exec.Command("go", "build", "-tags", "nodev", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "building the production binary: %s", out)

	temporal, err := devserver.StartTemporal(devserver.TemporalOptions{Ephemeral: true, SearchAttributes: workflows.SearchAttributes(), LogLevel: "fatal"})
	require.NoError(t, err)
	t.Cleanup(func() { _ = temporal.Stop() })

	gatewayAddrs := []string{freeAddr(t), freeAddr(t)}
	publicURL := "http://" + gatewayAddrs[0]
	sb, err := sandbox.Start(ctx, sandbox.Options{
		LeverListener: listen(t), CodejudgeListener: listen(t), GatewayURL: publicURL,
		RetryDelays: []time.Duration{200 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second},
	})
	require.NoError(t, err)
	t.Cleanup(sb.Close)

	connsFile := filepath.Join(t.TempDir(), "connections.json")
	writeConnectionsFile(t, connsFile, sb.Connection)
	baseEnv := []string{
		"TEMPORAL_ADDRESS=" + temporal.FrontendAddress(),
		"TEMPORAL_NAMESPACE=" + temporal.Namespace(),
		"CJLEVER_PUBLIC_URL=" + publicURL,
		"CJLEVER_CONNECTIONS_FILE=" + connsFile,
		"CJLEVER_CODEC_KEYS=" + newCodecKeys(t),
		"CJLEVER_LOG_LEVEL=info",
		"CJLEVER_GATEWAY_SHUTDOWN_TIMEOUT=5s",
		"CJLEVER_WORKER_SHUTDOWN_TIMEOUT=5s",
	}
	var workers []*process
	for range 2 {
		workers = append(workers, startProcess(t, bin, roleWorker, append(baseEnv, "CJLEVER_WORKER_METRICS_LISTEN="+freeAddr(t))))
	}
	var gateways []*process
	for _, addr := range gatewayAddrs {
		gateways = append(gateways, startReadyGateway(t, bin, append(baseEnv, "CJLEVER_LISTEN="+addr), addr))
	}

	// In Lever the candidates stand in the trigger stage: the assessment acts
	// only on what Lever's record backs.
	const candidates = 16
	sc, opps := createCandidates(t, sb, candidates, sb.Connection.TriggerStageID)

	// The burst: every stage change goes to both gateways at once, and each
	// failed delivery is retried with a new token, as Lever does.
	token := sb.Connection.Lever.WebhookTokens[lever.EventCandidateStageChange].Reveal()
	var wg sync.WaitGroup
	for i, opp := range opps {
		if i == candidates/2 {
			require.NoError(t, workers[0].cmd.Process.Signal(syscall.SIGKILL))
		}
		triggeredAt := time.Now().UnixMilli()
		for g, addr := range gatewayAddrs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Retry as Lever does until a 2xx: no delivery may be lost.
				for attempt := 0; ; attempt++ {
					body := signedStageChange(t, token, opp, sb.Connection.TriggerStageID, triggeredAt, i*1000+g*100+attempt)
					resp, err := http.Post("http://"+addr+"/webhooks/lever/"+sandbox.ConnectionID, "application/json", bytes.NewReader(body))
					if err == nil {
						resp.Body.Close()
						if resp.StatusCode/100 == 2 {
							return
						}
					}
					if attempt > 20 {
						t.Errorf("delivery of %s to gateway %d never succeeded", opp, g)
						return
					}
					time.Sleep(200 * time.Millisecond)
				}
			}()
		}
	}
	wg.Wait()
	<-workers[0].exited

	// Activities the killed worker held time out (30s) and run again on the
	// other worker; allow for that.
	deadline := time.Now().Add(2 * time.Minute)
	for _, opp := range opps {
		for {
			o, err := sc.lever.GetOpportunity(ctx, opp)
			require.NoError(t, err)
			notes, err := sc.lever.ListNotes(ctx, opp)
			require.NoError(t, err)
			if contains(o.Tags, workflows.TagInviteSent) && anyNote(notes, "invited the candidate") {
				break
			}
			if time.Now().After(deadline) {
				describeForDiagnosis(t, temporal, opp)
				t.Fatalf("opportunity %s never got its invite tag and note", opp)
			}
			time.Sleep(250 * time.Millisecond)
		}
	}
	for _, opp := range opps {
		invites, err := sc.codejudge.ListInvites(ctx, codejudge.InviteFilter{ExternalID: opp})
		require.NoError(t, err)
		require.Len(t, invites, 1, "opportunity %s must have exactly one invite", opp)
		notes, err := sc.lever.ListNotes(ctx, opp)
		require.NoError(t, err)
		require.Len(t, notes, 1, "opportunity %s must have exactly one invite note", opp)
	}

	// SIGTERM: each remaining process drains and exits 0 within its bound.
	for _, p := range append(gateways, workers[1]) {
		require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	}
	for _, p := range append(gateways, workers[1]) {
		select {
		case <-p.exited:
			require.NoError(t, p.err, "%s exits cleanly on SIGTERM", p.name)
		case <-time.After(20 * time.Second):
			t.Fatalf("%s did not stop within 20s of SIGTERM", p.name)
		}
	}
}

// createCandidates creates n opportunities on the sandbox posting, in stage
// (Lever's default when empty), and returns their ids with the clients.
func createCandidates(t *testing.T, sb *sandbox.Sandbox, n int, stage string) (*sandboxClients, []string) {
	t.Helper()
	ctx := context.Background()
	sc, err := newSandboxClients(sb.LeverURL, sb.CodejudgeURL)
	require.NoError(t, err)
	user, err := sc.performAs(ctx)
	require.NoError(t, err)
	opps := make([]string, n)
	for i := range opps {
		o, err := sc.lever.CreateOpportunity(ctx, lever.NewOpportunity{
			Name: fmt.Sprintf("Candidate %d", i), Emails: []string{fmt.Sprintf("c%d@example.com", i)},
			Postings: []string{sb.Seed.PostingID}, Stage: stage,
		}, user)
		require.NoError(t, err)
		opps[i] = o.ID
	}
	return sc, opps
}

func writeConnectionsFile(t *testing.T, path string, c config.Connection) {
	t.Helper()
	b, err := connectionsFileJSON([]config.Connection{c})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, b, 0o600))
}

// describeForDiagnosis logs what Temporal knows of a stuck opportunity's
// workflows: status, pending activities and their last failures.
func describeForDiagnosis(t *testing.T, temporal *devserver.Temporal, opp string) {
	c, err := client.Dial(client.Options{HostPort: temporal.FrontendAddress(), Namespace: temporal.Namespace()})
	if err != nil {
		t.Logf("diagnosis: %v", err)
		return
	}
	defer c.Close()
	for _, id := range []string{
		workflows.AssessmentWorkflowID(sandbox.ConnectionID, opp),
		workflows.TestInvitationWorkflowID(sandbox.ConnectionID, opp, "CJ-81519"),
	} {
		d, err := c.DescribeWorkflowExecution(context.Background(), id, "")
		if err != nil {
			t.Logf("diagnosis %s: %v", id, err)
			continue
		}
		t.Logf("diagnosis %s: %v pendingWorkflowTask=%v", id, d.WorkflowExecutionInfo.Status, d.PendingWorkflowTask)
		for _, a := range d.PendingActivities {
			t.Logf("  pending %s attempt %d state %v lastWorker %s failure %v", a.ActivityType.Name, a.Attempt, a.State, a.LastWorkerIdentity, a.LastFailure)
		}
	}
}
