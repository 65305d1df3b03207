package gateway

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/workflows"
)

// Test fixtures. The secrets are distinctive so the log test can look for them.
const (
	connID        = "acme"
	connHiredID   = "acme-hired" // also has a candidateHired webhook
	triggerStage  = "stage-codejudge"
	stageToken    = "STAGE-TOKEN-secret-0001"
	appToken      = "APP-TOKEN-secret-0002"
	archiveToken  = "ARCHIVE-TOKEN-secret-0003"
	hiredToken    = "HIRED-TOKEN-secret-0004"
	deletedToken  = "DELETED-TOKEN-secret-0007"
	cjSecret      = "CJ-CALLBACK-secret-0005"
	deliveryToken = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV" // Lever's 48-char per-delivery token
)

// fixedNow is the gateway's clock in tests.
var fixedNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func testConnections(t testing.TB) *config.Connections {
	t.Helper()
	conn := func(id string, tokens map[string]config.Secret) config.Connection {
		return config.Connection{
			ID:             id,
			TriggerStageID: triggerStage,
			PerformAs:      "user-1",
			Lever: config.LeverAccount{
				BaseURL: "https://api.lever.co/v1", APIKey: "lever-key", WebhookTokens: tokens,
			},
			Codejudge: config.CodejudgeAccount{
				BaseURL: "https://api.codejudge.example", APIKey: "cj-key", CallbackSecret: cjSecret,
			},
		}
	}
	cs, err := config.NewConnections(
		conn(connID, map[string]config.Secret{
			"candidateStageChange":   stageToken,
			"applicationCreated":     appToken,
			"candidateArchiveChange": archiveToken,
			"candidateDeleted":       deletedToken,
		}),
		conn(connHiredID, map[string]config.Secret{
			"candidateStageChange": stageToken,
			"candidateHired":       hiredToken,
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// signalCall is one SignalInviteFinished call.
type signalCall struct {
	ConnectionID, OpportunityID, TestID string
	Sig                                 workflows.InviteFinished
}

// fakeWorkflows records calls and answers what the test set.
type fakeWorkflows struct {
	mu       sync.Mutex
	starts   []workflows.AssessmentInput
	tokens   map[string]bool // claimed delivery tokens, by connection/token
	signals  []signalCall
	archives []string // connection/opportunity of each archive signal
	// notRunning: no assessment runs to hear of an archive.
	notRunning bool
	result     StartResult // StartAssessment's answer
	startErr   error       // StartAssessment's error
	signalErr  error
	readyErr   error
	panicMsg   string // StartAssessment panics with it when set
}

func newFakeWorkflows() *fakeWorkflows {
	return &fakeWorkflows{result: Started, tokens: map[string]bool{}}
}

// set changes the answers under the lock: the server reads them on its own
// goroutines.
func (f *fakeWorkflows) set(change func(*fakeWorkflows)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change(f)
}

// StartAssessment records a start only when the claim is fresh and
// Temporal is up, as the real one leaves no start behind otherwise.
func (f *fakeWorkflows) StartAssessment(_ context.Context, in workflows.AssessmentInput, claim DeliveryClaim) (StartResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.panicMsg != "" {
		panic(f.panicMsg)
	}
	fresh, err := f.claim(in.ConnectionID, claim.Token)
	switch {
	case err != nil:
		return "", err
	case !fresh:
		return Replayed, nil
	}
	f.starts = append(f.starts, in)
	return f.result, nil
}

func (f *fakeWorkflows) ClaimDelivery(_ context.Context, connectionID, token string, _ time.Time) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.claim(connectionID, token)
}

func (f *fakeWorkflows) claim(connectionID, token string) (bool, error) {
	if f.startErr != nil {
		return false, f.startErr
	}
	key := connectionID + "/" + token
	fresh := !f.tokens[key]
	f.tokens[key] = true
	return fresh, nil
}

func (f *fakeWorkflows) SignalInviteFinished(_ context.Context, connectionID, opportunityID, testID string, sig workflows.InviteFinished) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.signals = append(f.signals, signalCall{connectionID, opportunityID, testID, sig})
	return f.signalErr
}

func (f *fakeWorkflows) SignalOpportunityArchived(_ context.Context, connectionID, opportunityID string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.archives = append(f.archives, connectionID+"/"+opportunityID)
	return !f.notRunning, f.signalErr
}

func (f *fakeWorkflows) Ready(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.readyErr
}

func (f *fakeWorkflows) startCalls() []workflows.AssessmentInput {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]workflows.AssessmentInput(nil), f.starts...)
}

func (f *fakeWorkflows) archiveCalls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.archives...)
}

func (f *fakeWorkflows) signalCalls() []signalCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]signalCall(nil), f.signals...)
}

// fakeMetrics records WebhookOutcome calls as "source event outcome reason".
type fakeMetrics struct {
	mu    sync.Mutex
	calls []string
}

func (m *fakeMetrics) WebhookOutcome(source, event, outcome, reason string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls = append(m.calls, fmt.Sprintf("%s %s %s %s", source, event, outcome, reason))
}

func (m *fakeMetrics) all() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.calls...)
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// harness is a gateway over HTTP with its fakes.
type harness struct {
	srv     *httptest.Server
	wf      *fakeWorkflows
	metrics *fakeMetrics
	logs    *syncBuffer
	timing  workflows.Timing
}

func newHarness(t *testing.T, tune ...func(*Deps)) *harness {
	t.Helper()
	h := &harness{
		wf:      newFakeWorkflows(),
		metrics: &fakeMetrics{},
		logs:    &syncBuffer{},
		timing:  workflows.Timing{PollInterval: time.Hour, GracePeriod: 2 * time.Hour},
	}
	deps := Deps{
		Connections: testConnections(t),
		Workflows:   h.wf,
		Logger:      slog.New(slog.NewJSONHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:         func() time.Time { return fixedNow },
		Timing:      h.timing,
		Metrics:     h.metrics,
	}
	for _, f := range tune {
		f(&deps)
	}
	h.srv = httptest.NewServer(NewRouter(deps))
	t.Cleanup(h.srv.Close)
	return h
}

// response is a decoded answer.
type response struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func (h *harness) do(t *testing.T, method, path string, body []byte, header map[string]string) response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, h.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := response{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &r.body); err != nil {
			t.Fatalf("%s %s: response is not a JSON object: %q", method, path, raw)
		}
	}
	return r
}

// postLever posts a body to the Lever webhook of a connection.
func (h *harness) postLever(t *testing.T, conn string, body []byte) response {
	t.Helper()
	return h.do(t, http.MethodPost, "/webhooks/lever/"+conn, body, nil)
}

// leverSign computes Lever's signature from its documented definition,
// hex(HMAC-SHA256(signatureToken, token + triggeredAt)), independently of
// clients/lever so that a bug shared by both sides would show.
func leverSign(signatureToken, token string, triggeredAt int64) string {
	m := hmac.New(sha256.New, []byte(signatureToken))
	fmt.Fprintf(m, "%s%d", token, triggeredAt)
	return hex.EncodeToString(m.Sum(nil))
}

// leverEvent is a webhook envelope; fields are any so tests can send wrong
// types.
type leverEvent struct {
	ID          any `json:"id,omitempty"`
	Event       any `json:"event"`
	TriggeredAt any `json:"triggeredAt"`
	Token       any `json:"token,omitempty"`
	Signature   any `json:"signature,omitempty"`
	Data        any `json:"data"`
}

// signedLever builds a body for event signed with signatureToken.
func signedLever(t *testing.T, signatureToken, event string, triggeredAt time.Time, data any) []byte {
	t.Helper()
	ms := triggeredAt.UnixMilli()
	return mustJSON(t, leverEvent{
		ID: "evt-1", Event: event, TriggeredAt: ms, Token: deliveryToken,
		Signature: leverSign(signatureToken, deliveryToken, ms), Data: data,
	})
}

func stageChange(opp, toStage string) map[string]any {
	return map[string]any{
		"opportunityId": opp, "candidateId": opp, "contactId": "contact-1",
		"fromStageId": "stage-phone-screen", "toStageId": toStage,
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wantStatus fails unless the response has that status.
func wantStatus(t *testing.T, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.raw)
	}
}

// wantError fails unless the response is status with a non-empty {"error"}.
func wantError(t *testing.T, r response, status int) {
	t.Helper()
	wantStatus(t, r, status)
	if msg, _ := r.body["error"].(string); msg == "" {
		t.Fatalf("status %d without an error message: %s", status, r.raw)
	}
}
