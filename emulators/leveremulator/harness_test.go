package leveremulator

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/emulators/internal/emulatortest"
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
	// The server listens before the emulator exists: its URL is the
	// emulator's PublicURL.
	srv := httptest.NewUnstartedServer(nil)
	t.Cleanup(srv.Close)
	opts := Options{
		APIKey: testAPIKey, PublicURL: "http://" + srv.Listener.Addr().String(),
		RetryDelays: []time.Duration{20 * time.Millisecond, 20 * time.Millisecond},
	}
	for _, m := range mutate {
		m(&opts)
	}
	emu, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(emu.Close)
	srv.Config.Handler = emu.Handler()
	srv.Start()
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
	header := http.Header{}
	if apiKey != "" {
		header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(apiKey+":")))
	}
	return emulatortest.Do(t, method, h.srv.URL+path, header, body)
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

// decodeEvents decodes what a receiver got.
func decodeEvents(t *testing.T, got []emulatortest.Request) []lever.WebhookEvent {
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
func (h *harness) register(t *testing.T, r *emulatortest.Receiver, event string) lever.Webhook {
	t.Helper()
	w, err := h.client.CreateWebhook(context.Background(), r.URL+"/webhooks/lever", event)
	if err != nil {
		t.Fatalf("CreateWebhook: %v", err)
	}
	if w.SignatureToken == "" {
		t.Fatal("no signature token")
	}
	return w
}
