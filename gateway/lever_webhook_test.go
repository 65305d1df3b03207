package gateway

import (
	"bytes"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/workflows"
)

func TestLeverStageChangeStartsAssessment(t *testing.T) {
	h := newHarness(t)
	at := fixedNow.Add(-time.Minute)
	r := h.postLever(t, connID, signedLever(t, stageToken, "candidateStageChange", at, stageChange("opp-1", triggerStage)))

	wantStatus(t, r, http.StatusAccepted)
	wantID := workflows.AssessmentWorkflowID(connID, "opp-1")
	if r.body["workflowId"] != wantID || r.body["status"] != "started" {
		t.Fatalf("body %s, want workflowId %q status started", r.raw, wantID)
	}
	starts := h.wf.startCalls()
	if len(starts) != 1 {
		t.Fatalf("%d starts, want 1", len(starts))
	}
	want := workflows.AssessmentInput{
		ConnectionID:     connID,
		OpportunityID:    "opp-1",
		Trigger:          workflows.TriggerStageChange,
		TriggerStageID:   triggerStage,
		EventTriggeredAt: time.UnixMilli(at.UnixMilli()).UTC(),
		Timing:           h.timing,
	}
	if !reflect.DeepEqual(starts[0], want) {
		t.Fatalf("start input\n got %+v\nwant %+v", starts[0], want)
	}
	if got := h.metrics.all(); !slices.Equal(got, []string{"lever candidateStageChange started "}) {
		t.Fatalf("metrics %q", got)
	}
}

func TestLeverRedeliveryIsDuplicate(t *testing.T) {
	h := newHarness(t)
	h.wf.set(func(f *fakeWorkflows) { f.result = Duplicate }) // Temporal says the workflow already ran
	r := h.postLever(t, connID, signedLever(t, stageToken, "candidateStageChange", fixedNow, stageChange("opp-1", triggerStage)))

	wantStatus(t, r, http.StatusOK)
	if r.body["status"] != "duplicate" || r.body["workflowId"] != workflows.AssessmentWorkflowID(connID, "opp-1") {
		t.Fatalf("body %s", r.raw)
	}
}

// A recruiter moving a running assessment's candidate again signals it: the
// outcome says so, not "duplicate".
func TestLeverRetriggerOfARunningAssessmentIsSignalled(t *testing.T) {
	h := newHarness(t)
	h.wf.set(func(f *fakeWorkflows) { f.result = Signalled })
	r := h.postLever(t, connID, signedLever(t, stageToken, "candidateStageChange", fixedNow, stageChange("opp-1", triggerStage)))

	wantStatus(t, r, http.StatusOK)
	if r.body["status"] != "signalled" || r.body["workflowId"] != workflows.AssessmentWorkflowID(connID, "opp-1") {
		t.Fatalf("body %s", r.raw)
	}
	if got := h.metrics.all(); !slices.Equal(got, []string{"lever candidateStageChange signalled "}) {
		t.Fatalf("metrics %q", got)
	}
}

func TestLeverApplicationCreatedStartsAssessment(t *testing.T) {
	h := newHarness(t)
	data := map[string]any{
		"opportunityId": "opp-2", "candidateId": "opp-2", "contactId": "c-2",
		"applicationId": "app-2", "postingId": "post-2",
	}
	r := h.postLever(t, connID, signedLever(t, appToken, "applicationCreated", fixedNow, data))

	wantStatus(t, r, http.StatusAccepted)
	starts := h.wf.startCalls()
	if len(starts) != 1 {
		t.Fatalf("%d starts, want 1", len(starts))
	}
	in := starts[0]
	if in.Trigger != workflows.TriggerApplicationCreated || in.OpportunityID != "opp-2" ||
		in.ConnectionID != connID || in.TriggerStageID != triggerStage {
		t.Fatalf("start input %+v", in)
	}
}

// Every refusal answers with a JSON error and starts nothing.
func TestLeverRefusals(t *testing.T) {
	fresh := fixedNow.UnixMilli()
	trigger := stageChange("opp-1", triggerStage)
	cases := []struct {
		name   string
		conn   string
		body   func(t *testing.T) []byte
		status int
		reason string
	}{
		{"bad signature", connID, func(t *testing.T) []byte {
			return signedLever(t, "not-the-token", "candidateStageChange", fixedNow, trigger)
		}, http.StatusUnauthorized, "bad_signature"},
		{"signed with another webhook's token", connID, func(t *testing.T) []byte {
			return signedLever(t, appToken, "candidateStageChange", fixedNow, trigger)
		}, http.StatusUnauthorized, "bad_signature"},
		{"missing signature", connID, func(t *testing.T) []byte {
			return mustJSON(t, leverEvent{Event: "candidateStageChange", TriggeredAt: fresh, Token: deliveryToken, Data: trigger})
		}, http.StatusUnauthorized, "missing_signature"},
		{"signature over another triggeredAt", connID, func(t *testing.T) []byte {
			return mustJSON(t, leverEvent{
				Event: "candidateStageChange", TriggeredAt: fresh, Token: deliveryToken,
				Signature: leverSign(stageToken, deliveryToken, fresh-1), Data: trigger,
			})
		}, http.StatusUnauthorized, "bad_signature"},
		{"no token for the event", connID, func(t *testing.T) []byte {
			return signedLever(t, stageToken, "contactCreated", fixedNow, map[string]any{"opportunityId": "opp-1"})
		}, http.StatusUnauthorized, "no_token"},
		{"15 days old", connID, func(t *testing.T) []byte {
			return signedLever(t, stageToken, "candidateStageChange", fixedNow.Add(-15*24*time.Hour), trigger)
		}, http.StatusBadRequest, "stale"},
		{"beyond the clock skew", connID, func(t *testing.T) []byte {
			return signedLever(t, stageToken, "candidateStageChange", fixedNow.Add(6*time.Minute), trigger)
		}, http.StatusBadRequest, "stale"},
		{"malformed JSON", connID, func(*testing.T) []byte {
			return []byte(`{"event": "candidateStageChange", "triggeredAt": `)
		}, http.StatusBadRequest, "malformed"},
		{"triggeredAt as a float", connID, func(*testing.T) []byte {
			// Signed over the integer it denotes: a float must still be refused.
			return fmt.Appendf(nil, `{"event":"candidateStageChange","triggeredAt":1.43e+12,"token":%q,"signature":%q,"data":{"opportunityId":"opp-1","toStageId":%q}}`,
				deliveryToken, leverSign(stageToken, deliveryToken, 1430000000000), triggerStage)
		}, http.StatusBadRequest, "malformed"},
		{"triggeredAt as a string", connID, func(t *testing.T) []byte {
			return mustJSON(t, leverEvent{
				Event: "candidateStageChange", TriggeredAt: fmt.Sprint(fresh), Token: deliveryToken,
				Signature: leverSign(stageToken, deliveryToken, fresh), Data: trigger,
			})
		}, http.StatusBadRequest, "malformed"},
		{"event as a number", connID, func(t *testing.T) []byte {
			return mustJSON(t, leverEvent{Event: 7, TriggeredAt: fresh, Token: deliveryToken, Signature: "00", Data: trigger})
		}, http.StatusBadRequest, "malformed"},
		{"toStageId as a number", connID, func(t *testing.T) []byte {
			return signedLever(t, stageToken, "candidateStageChange", fixedNow, map[string]any{"opportunityId": "opp-1", "toStageId": 42})
		}, http.StatusBadRequest, "malformed"},
		{"data as a string", connID, func(t *testing.T) []byte {
			return signedLever(t, appToken, "applicationCreated", fixedNow, "opp-1")
		}, http.StatusBadRequest, "malformed"},
		{"missing opportunityId", connID, func(t *testing.T) []byte {
			return signedLever(t, stageToken, "candidateStageChange", fixedNow, map[string]any{"toStageId": triggerStage})
		}, http.StatusBadRequest, "malformed"},
		{"opportunityId that would address another workflow", connID, func(t *testing.T) []byte {
			return signedLever(t, stageToken, "candidateStageChange", fixedNow, stageChange("opp-1/CJ-1", triggerStage))
		}, http.StatusBadRequest, "malformed"},
		{"unknown connection", "nobody", func(t *testing.T) []byte {
			return signedLever(t, stageToken, "candidateStageChange", fixedNow, trigger)
		}, http.StatusNotFound, "unknown_connection"},
		{"body over 1 MiB", connID, func(t *testing.T) []byte {
			pad := strings.Repeat("x", 1<<20)
			return signedLever(t, stageToken, "candidateStageChange", fixedNow, map[string]any{
				"opportunityId": "opp-1", "toStageId": triggerStage, "pad": pad,
			})
		}, http.StatusRequestEntityTooLarge, "too_large"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			r := h.postLever(t, tc.conn, tc.body(t))
			wantError(t, r, tc.status)
			if n := len(h.wf.startCalls()); n != 0 {
				t.Fatalf("%d starts, want none", n)
			}
			m := h.metrics.all()
			if len(m) != 1 || !strings.HasSuffix(m[0], " refused "+tc.reason) {
				t.Fatalf("metrics %q, want one refused %s", m, tc.reason)
			}
		})
	}
}

func TestLeverFreshnessBounds(t *testing.T) {
	for name, at := range map[string]time.Time{
		"13 days old":         fixedNow.Add(-13 * 24 * time.Hour),
		"within clock skew":   fixedNow.Add(4 * time.Minute),
		"exactly 14 days old": fixedNow.Add(-DefaultReplayWindow),
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			r := h.postLever(t, connID, signedLever(t, stageToken, "candidateStageChange", at, stageChange("opp-1", triggerStage)))
			wantStatus(t, r, http.StatusAccepted)
		})
	}
	t.Run("configured window", func(t *testing.T) {
		h := newHarness(t, func(d *Deps) { d.ReplayWindow = time.Hour })
		r := h.postLever(t, connID, signedLever(t, stageToken, "candidateStageChange", fixedNow.Add(-2*time.Hour), stageChange("opp-1", triggerStage)))
		wantError(t, r, http.StatusBadRequest)
	})
}

func TestLeverIgnoredEvents(t *testing.T) {
	cases := []struct {
		name, conn string
		body       func(t *testing.T) []byte
		status     string
		reason     string
	}{
		{"stage change to another stage", connID, func(t *testing.T) []byte {
			return signedLever(t, stageToken, "candidateStageChange", fixedNow, stageChange("opp-1", "stage-onsite"))
		}, "ignored", "not_trigger_stage"},
		{"archive change that restores the opportunity", connID, func(t *testing.T) []byte {
			return signedLever(t, archiveToken, "candidateArchiveChange", fixedNow, map[string]any{"opportunityId": "opp-1", "toArchived": nil})
		}, "ignored", "not_archived"},
		// Lever's "Verify Connection" sends candidateHired with data {}
		// signed with the token of the webhook being verified.
		{"verify connection, stage change webhook", connID, func(t *testing.T) []byte {
			return signedLever(t, stageToken, "candidateHired", fixedNow, map[string]any{})
		}, "verified", "verify_connection"},
		{"verify connection, application webhook", connID, func(t *testing.T) []byte {
			return signedLever(t, appToken, "candidateHired", fixedNow, map[string]any{})
		}, "verified", "verify_connection"},
		{"verify connection, hired webhook", connHiredID, func(t *testing.T) []byte {
			return signedLever(t, hiredToken, "candidateHired", fixedNow, map[string]any{})
		}, "verified", "verify_connection"},
		{"real candidateHired", connHiredID, func(t *testing.T) []byte {
			return signedLever(t, hiredToken, "candidateHired", fixedNow, map[string]any{"opportunityId": "opp-1"})
		}, "ignored", "event_not_handled"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			r := h.postLever(t, tc.conn, tc.body(t))
			wantStatus(t, r, http.StatusOK)
			if r.body["status"] != tc.status {
				t.Fatalf("body %s, want status %q", r.raw, tc.status)
			}
			if n := len(h.wf.startCalls()); n != 0 {
				t.Fatalf("%d starts, want none", n)
			}
			m := h.metrics.all()
			if len(m) != 1 || !strings.HasSuffix(m[0], " ignored "+tc.reason) {
				t.Fatalf("metrics %q, want one ignored %s", m, tc.reason)
			}
		})
	}
}

func TestLeverVerifyConnectionRefusesForgery(t *testing.T) {
	h := newHarness(t)
	r := h.postLever(t, connID, signedLever(t, "guessed", "candidateHired", fixedNow, map[string]any{}))
	wantError(t, r, http.StatusUnauthorized)
	// A real candidateHired on a connection without that webhook has no token.
	r = h.postLever(t, connID, signedLever(t, stageToken, "candidateHired", fixedNow, map[string]any{"opportunityId": "opp-1"}))
	wantError(t, r, http.StatusUnauthorized)
}

func TestLeverTemporalUnavailable(t *testing.T) {
	h := newHarness(t)
	h.wf.set(func(f *fakeWorkflows) {
		f.startErr = fmt.Errorf("%w: dial tcp: connection refused", ErrTemporalUnavailable)
	})
	r := h.postLever(t, connID, signedLever(t, stageToken, "candidateStageChange", fixedNow, stageChange("opp-1", triggerStage)))
	wantError(t, r, http.StatusServiceUnavailable)
	if got := h.metrics.all(); !slices.Equal(got, []string{"lever candidateStageChange failed temporal_unavailable"}) {
		t.Fatalf("metrics %q", got)
	}
}

// The gateway's signature and clients/lever's must agree with Lever's
// definition; this catches a drift of either.
func TestLeverSignatureMatchesClient(t *testing.T) {
	const ms = int64(1430000000000)
	if got, want := lever.WebhookSignature(stageToken, deliveryToken, ms), leverSign(stageToken, deliveryToken, ms); got != want {
		t.Fatalf("lever.WebhookSignature = %s, want %s", got, want)
	}
}

// Outcome lines carry the ids support needs and none of the secrets.
func TestLeverLogsWithoutSecrets(t *testing.T) {
	h := newHarness(t)
	body := signedLever(t, stageToken, "candidateStageChange", fixedNow, stageChange("opp-1", triggerStage))
	r := h.do(t, http.MethodPost, "/webhooks/lever/"+connID, body, map[string]string{RequestIDHeader: "req-42"})
	wantStatus(t, r, http.StatusAccepted)
	if got := r.header.Get(RequestIDHeader); got != "req-42" {
		t.Fatalf("X-Request-Id %q, want the caller's", got)
	}
	// A bad one too, whose body holds a signature.
	h.postLever(t, connID, signedLever(t, "wrong", "candidateStageChange", fixedNow, stageChange("opp-1", triggerStage)))

	logs := h.logs.String()
	for _, secret := range []string{stageToken, appToken, cjSecret, deliveryToken, leverSign(stageToken, deliveryToken, fixedNow.UnixMilli()), "lever-key"} {
		if strings.Contains(logs, secret) {
			t.Fatalf("logs hold a secret %q:\n%s", secret, logs)
		}
	}
	var line string
	for l := range strings.Lines(logs) {
		if strings.Contains(l, `"outcome":"started"`) {
			line = l
		}
	}
	for _, want := range []string{
		`"request_id":"req-42"`, `"connection":"acme"`, `"opportunity_id":"opp-1"`,
		`"workflow_id":"` + workflows.AssessmentWorkflowID(connID, "opp-1") + `"`, `"event":"candidateStageChange"`,
	} {
		if !strings.Contains(line, want) {
			t.Fatalf("outcome line lacks %s:\n%s", want, logs)
		}
	}
}

func TestRequestIDGeneratedWhenAbsentOrInvalid(t *testing.T) {
	h := newHarness(t)
	for _, in := range []string{"", "bad id with spaces", "quote\"s", strings.Repeat("a", 200)} {
		r := h.do(t, http.MethodGet, "/healthz", nil, map[string]string{RequestIDHeader: in})
		got := r.header.Get(RequestIDHeader)
		if got == "" || got == in || len(got) != 32 {
			t.Fatalf("request id for %q: %q, want a fresh one", in, got)
		}
	}
}

func TestPanicBecomes500(t *testing.T) {
	h := newHarness(t)
	h.wf.set(func(f *fakeWorkflows) { f.panicMsg = "boom" })
	r := h.postLever(t, connID, signedLever(t, stageToken, "candidateStageChange", fixedNow, stageChange("opp-1", triggerStage)))
	wantError(t, r, http.StatusInternalServerError)
	if !strings.Contains(h.logs.String(), "handler panicked") {
		t.Fatalf("panic not logged:\n%s", h.logs.String())
	}
	// The server still serves.
	wantStatus(t, h.do(t, http.MethodGet, "/healthz", nil, nil), http.StatusOK)
}

func TestUnknownRoutesAnswerJSON(t *testing.T) {
	h := newHarness(t)
	wantError(t, h.do(t, http.MethodGet, "/nope", nil, nil), http.StatusNotFound)
	wantError(t, h.do(t, http.MethodGet, "/webhooks/lever/"+connID, nil, nil), http.StatusMethodNotAllowed)
	wantError(t, h.do(t, http.MethodPost, "/webhooks/lever/"+connID+"/", bytes.Repeat([]byte("x"), 1), nil), http.StatusNotFound)
}

// Ids "." and ".." would walk up a Lever URL path: refused, nothing started.
func TestLeverRefusesDotOpportunityIDs(t *testing.T) {
	for _, id := range []string{".", ".."} {
		t.Run(id, func(t *testing.T) {
			h := newHarness(t)
			r := h.postLever(t, connID, signedLever(t, stageToken, "candidateStageChange", fixedNow, stageChange(id, triggerStage)))
			wantError(t, r, http.StatusBadRequest)
			if msg := r.body["error"].(string); !strings.Contains(msg, "opportunityId") {
				t.Fatalf("error %q does not name the field", msg)
			}
			if n := len(h.wf.startCalls()); n != 0 {
				t.Fatalf("%d starts, want none", n)
			}
		})
	}
}

// Lever's "Verify Connection" of an applicationCreated webhook sends an
// applicationCreated with empty data: it is answered 200 verified, starts
// nothing, and must still be signed with one of the connection's tokens.
func TestLeverVerifyConnectionApplicationCreated(t *testing.T) {
	envelope := func(signWith, data string) []byte {
		ms := fixedNow.UnixMilli()
		body := fmt.Sprintf(`{"event":"applicationCreated","triggeredAt":%d,"token":%q,"signature":%q`,
			ms, deliveryToken, leverSign(signWith, deliveryToken, ms))
		if data != "" {
			body += `,"data":` + data
		}
		return []byte(body + "}")
	}
	for name, data := range map[string]string{"data {}": `{}`, "data null": `null`, "no data": ""} {
		for _, tok := range []string{appToken, stageToken} {
			t.Run(name+" signed with "+tok[:5], func(t *testing.T) {
				h := newHarness(t)
				r := h.postLever(t, connID, envelope(tok, data))
				wantStatus(t, r, http.StatusOK)
				if r.body["status"] != "verified" || len(h.wf.startCalls()) != 0 {
					t.Fatalf("body %s, %d starts; want verified and none", r.raw, len(h.wf.startCalls()))
				}
				if m := h.metrics.all(); !slices.Equal(m, []string{"lever applicationCreated ignored verify_connection"}) {
					t.Fatalf("metrics %q", m)
				}
			})
		}
		t.Run(name+" forged", func(t *testing.T) {
			h := newHarness(t)
			wantError(t, h.postLever(t, connID, envelope("guessed", data)), http.StatusUnauthorized)
			if n := len(h.wf.startCalls()); n != 0 {
				t.Fatalf("%d starts, want none", n)
			}
		})
	}
}
