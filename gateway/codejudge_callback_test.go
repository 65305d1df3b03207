package gateway

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/workflows"
)

// cjSign computes Codejudge's signature from its definition,
// "sha256=" + hex(HMAC-SHA256(secret, body)), independently of the client.
func cjSign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

func cjCallback(t *testing.T, event string) []byte {
	t.Helper()
	return mustJSON(t, map[string]any{
		"id":         "evt-9",
		"event":      event,
		"occurredAt": fixedNow.Add(-time.Minute).Format(time.RFC3339),
		"invite": map[string]any{
			"id": "inv-7", "testId": "CJ-81519", "testName": "Go backend", "status": "completed",
			"externalId": "opp-1",
			"candidate":  map[string]any{"name": "Grace Hopper", "email": "grace@example.com"},
		},
	})
}

func (h *harness) postCodejudge(t *testing.T, conn string, body []byte, signature string) response {
	t.Helper()
	hdr := map[string]string{}
	if signature != "" {
		hdr[codejudge.SignatureHeader] = signature
	}
	return h.do(t, http.MethodPost, "/webhooks/codejudge/"+conn, body, hdr)
}

func TestCodejudgeCallbackSignals(t *testing.T) {
	for _, event := range []string{codejudge.EventInviteCompleted, codejudge.EventInviteExpired} {
		t.Run(event, func(t *testing.T) {
			h := newHarness(t)
			body := cjCallback(t, event)
			r := h.postCodejudge(t, connID, body, cjSign(cjSecret, body))

			wantStatus(t, r, http.StatusOK)
			if want := workflows.TestInvitationWorkflowID(connID, "opp-1", "CJ-81519"); r.body["workflowId"] != want {
				t.Fatalf("body %s, want workflowId %s", r.raw, want)
			}
			want := []signalCall{{connID, "opp-1", "CJ-81519", workflows.InviteFinished{InviteID: "inv-7"}}}
			if got := h.wf.signalCalls(); !slices.Equal(got, want) {
				t.Fatalf("signals %+v, want %+v", got, want)
			}
		})
	}
}

func TestCodejudgeCallbackSignatureMatchesClient(t *testing.T) {
	body := []byte(`{"id":"x"}`)
	if got, want := codejudge.SignCallback(cjSecret, body), cjSign(cjSecret, body); got != want {
		t.Fatalf("codejudge.SignCallback = %s, want %s", got, want)
	}
}

func TestCodejudgeCallbackRefusals(t *testing.T) {
	good := cjCallback(t, codejudge.EventInviteCompleted)
	cases := []struct {
		name      string
		conn      string
		body      []byte
		signature string
		signalErr error
		status    int
	}{
		{"bad signature", connID, good, cjSign("wrong", good), nil, http.StatusUnauthorized},
		{"missing signature", connID, good, "", nil, http.StatusUnauthorized},
		{"signature of another body", connID, good, cjSign(cjSecret, append([]byte(" "), good...)), nil, http.StatusUnauthorized},
		{"malformed JSON", connID, []byte(`{"id":`), cjSign(cjSecret, []byte(`{"id":`)), nil, http.StatusBadRequest},
		{"missing invite ids", connID, []byte(`{"id":"e","event":"invite.completed","occurredAt":"2026-03-10T11:00:00Z","invite":{"id":"inv-7"}}`),
			cjSign(cjSecret, []byte(`{"id":"e","event":"invite.completed","occurredAt":"2026-03-10T11:00:00Z","invite":{"id":"inv-7"}}`)), nil, http.StatusBadRequest},
		{"unknown connection", "nobody", good, cjSign(cjSecret, good), nil, http.StatusNotFound},
		{"unknown invite", connID, good, cjSign(cjSecret, good), fmt.Errorf("%w: not found", ErrUnknownInvite), http.StatusNotFound},
		{"temporal unavailable", connID, good, cjSign(cjSecret, good), fmt.Errorf("%w: timeout", ErrTemporalUnavailable), http.StatusServiceUnavailable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.wf.set(func(f *fakeWorkflows) { f.signalErr = tc.signalErr })
			r := h.postCodejudge(t, tc.conn, tc.body, tc.signature)
			wantError(t, r, tc.status)
			if tc.signalErr == nil && len(h.wf.signalCalls()) != 0 {
				t.Fatalf("signalled on a refused callback")
			}
		})
	}
}

func TestCodejudgeCallbackBodyLimit(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.MaxBodyBytes = 64 })
	body := cjCallback(t, codejudge.EventInviteCompleted)
	wantError(t, h.postCodejudge(t, connID, body, cjSign(cjSecret, body)), http.StatusRequestEntityTooLarge)
}

func TestCodejudgeCallbackIgnoresUnknownEvents(t *testing.T) {
	h := newHarness(t)
	body := cjCallback(t, "invite.reminded")
	r := h.postCodejudge(t, connID, body, cjSign(cjSecret, body))
	wantStatus(t, r, http.StatusOK)
	if r.body["status"] != "ignored" || len(h.wf.signalCalls()) != 0 {
		t.Fatalf("body %s, signals %v", r.raw, h.wf.signalCalls())
	}
}

// cjCallbackAt is cjCallback with another occurredAt.
func cjCallbackAt(t *testing.T, occurredAt time.Time) []byte {
	t.Helper()
	var ev map[string]any
	if err := json.Unmarshal(cjCallback(t, codejudge.EventInviteCompleted), &ev); err != nil {
		t.Fatal(err)
	}
	ev["occurredAt"] = occurredAt.Format(time.RFC3339)
	return mustJSON(t, ev)
}

// Codejudge redelivers for 24 hours (docs/codejudge-api.md §4.1): a callback
// older than that plus the clock skew, or ahead of our clock by more than the
// skew, is refused and signals nothing.
func TestCodejudgeCallbackFreshness(t *testing.T) {
	cases := []struct {
		name       string
		occurredAt time.Time
		status     int
	}{
		{"just occurred", fixedNow, http.StatusOK},
		{"23 hours old", fixedNow.Add(-23 * time.Hour), http.StatusOK},
		{"24 hours old plus the skew", fixedNow.Add(-codejudge.CallbackMaxAge - DefaultClockSkew), http.StatusOK},
		{"within the clock skew ahead", fixedNow.Add(4 * time.Minute), http.StatusOK},
		{"older than 24 hours plus the skew", fixedNow.Add(-codejudge.CallbackMaxAge - DefaultClockSkew - time.Second), http.StatusBadRequest},
		{"a week old", fixedNow.Add(-7 * 24 * time.Hour), http.StatusBadRequest},
		{"beyond the clock skew ahead", fixedNow.Add(6 * time.Minute), http.StatusBadRequest},
		{"far future", time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), http.StatusBadRequest},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			body := cjCallbackAt(t, tc.occurredAt)
			r := h.postCodejudge(t, connID, body, cjSign(cjSecret, body))
			if tc.status == http.StatusOK {
				wantStatus(t, r, http.StatusOK)
				if n := len(h.wf.signalCalls()); n != 1 {
					t.Fatalf("%d signals, want 1", n)
				}
				return
			}
			wantError(t, r, tc.status)
			if n := len(h.wf.signalCalls()); n != 0 {
				t.Fatalf("%d signals on a stale callback, want none", n)
			}
			if m := h.metrics.all(); !slices.Equal(m, []string{"codejudge invite.completed refused stale"}) {
				t.Fatalf("metrics %q", m)
			}
			if msg := r.body["error"].(string); !strings.Contains(msg, "occurred at") {
				t.Fatalf("error %q does not say what is wrong", msg)
			}
		})
	}
}

// A callback for an invite whose workflow already finished was handled: it
// gets a 200, or Codejudge would redeliver it for a day.
func TestCodejudgeCallbackAfterTheWorkflowFinished(t *testing.T) {
	h := newHarness(t)
	h.wf.set(func(f *fakeWorkflows) { f.signalErr = fmt.Errorf("%w: closed", ErrInviteDone) })
	good := cjCallback(t, codejudge.EventInviteCompleted)
	r := h.postCodejudge(t, connID, good, cjSign(cjSecret, good))
	wantStatus(t, r, http.StatusOK)
	if r.body["status"] != "already finished" {
		t.Fatalf("body %s", r.raw)
	}
}
