package codejudgeemulator

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/emulators/internal/emulatortest"
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
	clock  *emulatortest.Clock
}

func newHarness(t *testing.T, mutate ...func(*Options)) *harness {
	t.Helper()
	clock := emulatortest.NewClock(time.Date(2026, 3, 2, 14, 5, 0, 0, time.UTC))
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
	header = header.Clone()
	if apiKey != "" {
		if header == nil {
			header = http.Header{}
		}
		header.Set("Authorization", "Bearer "+apiKey)
	}
	return emulatortest.Do(t, method, h.srv.URL+path, header, body)
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
