package leveremulator

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/cjlever/cjlever/clients/lever"
)

const testAPIKey = "lever-emulator-test-key"

// harness runs an emulator behind a real HTTP server, seeded, with a client.
type harness struct {
	emu    *Emulator
	srv    *httptest.Server
	client *lever.Client
	seed   Sandbox
}

func newHarness(t *testing.T, mutate ...func(*Options)) *harness {
	t.Helper()
	opts := Options{APIKey: testAPIKey, RetryDelays: []time.Duration{20 * time.Millisecond, 20 * time.Millisecond}}
	for _, m := range mutate {
		m(&opts)
	}
	emu, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := httptest.NewServer(emu.Handler())
	t.Cleanup(func() {
		srv.Close()
		emu.Close()
	})
	seed, err := emu.SeedSandbox()
	if err != nil {
		t.Fatalf("SeedSandbox: %v", err)
	}
	return &harness{emu: emu, srv: srv, client: newClient(t, srv.URL, testAPIKey), seed: seed}
}

func newClient(t *testing.T, serverURL, apiKey string) *lever.Client {
	t.Helper()
	c, err := lever.New(lever.Config{BaseURL: serverURL + "/v1", APIKey: apiKey, RequestsPerSecond: -1, MaxAttempts: 1})
	if err != nil {
		t.Fatalf("lever.New: %v", err)
	}
	return c
}

// do sends a raw request with the test key, for what the client does not
// show (statuses, wire shapes).
func (h *harness) do(t *testing.T, method, path, body string) (int, []byte) {
	t.Helper()
	return h.doAs(t, testAPIKey, method, path, body)
}

func (h *harness) doAs(t *testing.T, apiKey, method, path, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, h.srv.URL+path, bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	if apiKey != "" {
		req.SetBasicAuth(apiKey, "")
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, raw
}

// wantError checks a Lever-shaped error answer.
func wantError(t *testing.T, status int, raw []byte, wantStatus int, wantCode string) {
	t.Helper()
	var body struct{ Code, Message string }
	if status != wantStatus || json.Unmarshal(raw, &body) != nil || body.Code != wantCode || body.Message == "" {
		t.Fatalf("answer %d %s, want %d with code %s", status, raw, wantStatus, wantCode)
	}
}

// listOpportunities lists the opportunities GET /v1/opportunities?query
// answers (one page: the tests make fewer than a page).
func (h *harness) listOpportunities(t *testing.T, query string) []lever.Opportunity {
	t.Helper()
	status, raw := h.do(t, http.MethodGet, "/v1/opportunities?"+query, "")
	var page struct {
		Data    []lever.Opportunity
		HasNext bool
	}
	if status != http.StatusOK || json.Unmarshal(raw, &page) != nil || page.HasNext {
		t.Fatalf("listing opportunities: %d %s", status, raw)
	}
	return page.Data
}

// createOpportunity creates an opportunity on the sandbox posting.
func (h *harness) createOpportunity(t *testing.T, name string) lever.Opportunity {
	t.Helper()
	opp, err := h.client.CreateOpportunity(context.Background(), lever.NewOpportunity{
		Name: name, Emails: []string{"candidate@example.com"}, Postings: []string{h.seed.PostingID},
	}, h.seed.UserID)
	if err != nil {
		t.Fatalf("CreateOpportunity: %v", err)
	}
	return opp
}

// receivedWebhook is one request a receiver got.
type receivedWebhook struct {
	Header http.Header
	Body   []byte
}

// receiver is a webhook endpoint that answers with statuses in turn (the last
// one repeats) and records what it receives.
type receiver struct {
	srv      *httptest.Server
	mu       sync.Mutex
	statuses []int
	got      []receivedWebhook
	arrived  chan struct{}
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	t.Helper()
	if len(statuses) == 0 {
		statuses = []int{http.StatusOK}
	}
	r := &receiver{statuses: statuses, arrived: make(chan struct{}, 100)}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		status := r.statuses[min(len(r.got), len(r.statuses)-1)]
		r.got = append(r.got, receivedWebhook{Header: req.Header.Clone(), Body: body})
		r.mu.Unlock()
		if status >= 300 && status < 400 {
			w.Header().Set("Location", "/elsewhere")
		}
		w.WriteHeader(status)
		r.arrived <- struct{}{}
	}))
	t.Cleanup(r.srv.Close)
	return r
}

// wait waits for n requests in all.
func (r *receiver) wait(t *testing.T, n int) []receivedWebhook {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		r.mu.Lock()
		got := append([]receivedWebhook(nil), r.got...)
		r.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-r.arrived:
		case <-deadline:
			t.Fatalf("receiver got %d requests, want %d", len(got), n)
		}
	}
}

// count is how many requests the receiver got so far.
func (r *receiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.got)
}

// decodeEvents decodes what a receiver got.
func decodeEvents(t *testing.T, got []receivedWebhook) []lever.WebhookEvent {
	t.Helper()
	out := make([]lever.WebhookEvent, len(got))
	for i, g := range got {
		ev, err := lever.DecodeWebhookEvent(g.Body)
		if err != nil {
			t.Fatalf("delivery %d: %v: %s", i, err, g.Body)
		}
		out[i] = ev
	}
	return out
}

// register registers the receiver for event and returns the webhook.
func (h *harness) register(t *testing.T, r *receiver, event string) lever.Webhook {
	t.Helper()
	w, err := h.client.CreateWebhook(context.Background(), r.srv.URL+"/webhooks/lever", event)
	if err != nil {
		t.Fatalf("CreateWebhook: %v", err)
	}
	if w.SignatureToken == "" {
		t.Fatal("no signature token")
	}
	return w
}

// eventually polls cond for up to 5 seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
