package codejudgeemulator

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/cjlever/cjlever/clients/codejudge"
)

const publicURL = "http://codejudge.test"

var (
	orgAcme  = Organisation{ID: "acme", APIKey: "cjk_acme_test", CallbackSecret: "whsec_acme"}
	orgOther = Organisation{ID: "other", APIKey: "cjk_other_test", CallbackSecret: "whsec_other"}
)

// harness runs an emulator behind a real HTTP server, with a client for acme.
type harness struct {
	emu    *Emulator
	srv    *httptest.Server
	client *codejudge.Client
	clock  *fakeClock
}

func newHarness(t *testing.T, mutate ...func(*Options)) *harness {
	t.Helper()
	clock := &fakeClock{t: time.Date(2026, 3, 2, 14, 5, 0, 0, time.UTC)}
	opts := Options{
		Organisations: []Organisation{orgAcme, orgOther},
		Tests:         SandboxTests(),
		Now:           clock.Now,
		PublicURL:     publicURL,
		RetryDelays:   []time.Duration{10 * time.Millisecond, 10 * time.Millisecond},
	}
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
	return &harness{emu: emu, srv: srv, client: newClient(t, srv.URL, orgAcme.APIKey), clock: clock}
}

func newClient(t *testing.T, serverURL, apiKey string) *codejudge.Client {
	t.Helper()
	c, err := codejudge.New(codejudge.Config{
		BaseURL: serverURL + "/v1", APIKey: apiKey, RequestsPerSecond: -1, MaxAttempts: 1,
	})
	if err != nil {
		t.Fatalf("codejudge.New: %v", err)
	}
	return c
}

// do sends a raw request, for what the client does not show (statuses, wire
// shapes, sandbox endpoints).
func (h *harness) do(t *testing.T, method, path, apiKey string, header http.Header, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, h.srv.URL+path, bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if apiKey != "" {
		req.Header.Set("Authorization", "Bearer "+apiKey)
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

// sandbox calls a sandbox endpoint as acme and fails the test unless it
// answers 200.
func (h *harness) sandbox(t *testing.T, inviteID, action, body string) {
	t.Helper()
	status, raw := h.do(t, http.MethodPost, "/sandbox/invites/"+inviteID+"/"+action, orgAcme.APIKey, nil, body)
	if status != http.StatusOK {
		t.Fatalf("sandbox %s: %d %s", action, status, raw)
	}
}

func (h *harness) invite(t *testing.T, key, email, callbackURL string) codejudge.Invite {
	t.Helper()
	inv, err := h.client.CreateInvite(context.Background(), key, inviteRequest(email, callbackURL))
	if err != nil {
		t.Fatalf("CreateInvite(%s): %v", key, err)
	}
	return inv
}

func inviteRequest(email, callbackURL string) codejudge.CreateInviteRequest {
	return codejudge.CreateInviteRequest{
		TestID:      "CJ-81519",
		Candidate:   codejudge.Candidate{Name: "Ada Lovelace", Email: email},
		ExternalID:  "opp-1",
		CallbackURL: callbackURL,
	}
}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// receiver is a callback endpoint that answers with the given statuses in
// turn (the last one repeats) and records what it received.
type receiver struct {
	srv      *httptest.Server
	mu       sync.Mutex
	statuses []int
	got      []received
}

type received struct {
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	t.Helper()
	r := &receiver{statuses: statuses}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, received{header: req.Header.Clone(), body: body})
		status := r.statuses[min(len(r.got), len(r.statuses))-1]
		r.mu.Unlock()
		if status >= 300 && status < 400 {
			w.Header().Set("Location", r.srv.URL+"/elsewhere")
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) url() string { return r.srv.URL + "/webhooks/codejudge/acme" }

func (r *receiver) received() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// waitFor polls cond for up to five seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
