package gateway

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/workflows"
)

// fuzzRouter is the real router over a recording fake. Inputs are served
// through httptest.NewRecorder: a server per input would slow the fuzzer
// down for nothing.
func fuzzRouter(f *testing.F) (http.Handler, *fakeWorkflows) {
	wf := newFakeWorkflows()
	return NewRouter(Deps{
		Connections: testConnections(f),
		Workflows:   wf,
		Now:         func() time.Time { return fixedNow },
	}), wf
}

// serveFuzz posts body and checks what every answer must be: a JSON object,
// not a 5xx (the recovery middleware turns a panic into a 500), and no markup
// echoed unescaped.
func serveFuzz(t *testing.T, router http.Handler, path string, body []byte, header map[string]string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	router.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
	}
	var answer map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil {
		t.Fatalf("status %d: answer %q is not a JSON object", rec.Code, rec.Body)
	}
	if strings.ContainsAny(rec.Body.String(), "<>") {
		t.Fatalf("the answer echoes markup: %s", rec.Body)
	}
}

// plausibleID is an independent, loose check of an id that became part of a
// workflow id: it must not be able to address another workflow or a parent
// URL path.
func plausibleID(id string) bool {
	return id != "" && id != "." && id != ".." && !strings.ContainsAny(id, "/ <>\x00")
}

// fuzzLeverBody builds an envelope around fuzzed parts, signed with the token
// signer picks (past the last, not signed), so the fuzzer reaches what lies
// past the signature check.
func fuzzLeverBody(event string, triggeredAt int64, data []byte, signer uint8) []byte {
	fuzzSigners := []string{stageToken, appToken, archiveToken, "guessed"}
	name, _ := json.Marshal(event) // a string always marshals
	members := []string{`"id":"evt-f"`, `"event":` + string(name)}
	if i := int(signer) % (len(fuzzSigners) + 1); i < len(fuzzSigners) {
		members = append(members, signedAt(fuzzSigners[i], triggeredAt)...)
	} else {
		members = append(members, fmt.Sprintf(`"triggeredAt":%d`, triggeredAt))
	}
	if len(data) > 0 {
		members = append(members, `"data":`+string(data))
	}
	return leverObject(members...)
}

// leverSignedFor reports whether body is signed, by Lever's definition, with
// the token of the webhook for trigger's event.
func leverSignedFor(body []byte, trigger workflows.Trigger) bool {
	var ev struct {
		Event       string `json:"event"`
		TriggeredAt int64  `json:"triggeredAt"`
		Token       string `json:"token"`
		Signature   string `json:"signature"`
	}
	if json.Unmarshal(body, &ev) != nil {
		return false
	}
	want := map[workflows.Trigger][2]string{
		workflows.TriggerStageChange:        {"candidateStageChange", stageToken},
		workflows.TriggerApplicationCreated: {"applicationCreated", appToken},
	}[trigger]
	return ev.Event == want[0] && ev.Token != "" && ev.Signature == leverSign(want[1], ev.Token, ev.TriggeredAt)
}

// FuzzLeverWebhook drives the router with hostile Lever bodies: raw ones, and
// envelopes around fuzzed parts signed with a chosen token. Nothing may panic
// and nothing may start unless the body is signed for its event.
func FuzzLeverWebhook(f *testing.F) {
	now := fixedNow.UnixMilli()
	trigger := []byte(`{"opportunityId":"opp-1","toStageId":"` + triggerStage + `"}`)
	f.Add([]byte(nil), "candidateStageChange", now, trigger, uint8(0))
	f.Add([]byte(nil), "candidateStageChange", now, trigger, uint8(3)) // wrong token
	f.Add([]byte(nil), "candidateStageChange", now, trigger, uint8(4)) // unsigned
	f.Add([]byte(nil), "candidateStageChange", now, []byte(`{"opportunityId":"..","toStageId":"`+triggerStage+`"}`), uint8(0))
	f.Add([]byte(nil), "applicationCreated", now, []byte(`{"opportunityId":"opp-2"}`), uint8(1))
	f.Add([]byte(nil), "applicationCreated", now, []byte(nil), uint8(1))
	f.Add([]byte(nil), "candidateHired", now, []byte(`{}`), uint8(2))
	f.Add([]byte(nil), "candidateArchiveChange", now, []byte(`{"opportunityId":"opp-1"}`), uint8(2))
	f.Add([]byte(nil), "candidateStageChange", now-15*24*3600*1000, trigger, uint8(0))
	for _, tc := range hostileLeverBodies() {
		f.Add(tc.body, "", int64(0), []byte(nil), uint8(0))
	}
	router, wf := fuzzRouter(f)
	f.Fuzz(func(t *testing.T, raw []byte, event string, triggeredAt int64, data []byte, signer uint8) {
		body := raw
		if len(body) == 0 {
			body = fuzzLeverBody(event, triggeredAt, data, signer)
		}
		before := len(wf.startCalls())
		serveFuzz(t, router, "/webhooks/lever/"+connID, body, nil)
		for _, in := range wf.startCalls()[before:] {
			if !leverSignedFor(body, in.Trigger) {
				t.Fatalf("started %+v from a body not signed for its event: %q", in, body)
			}
			if in.ConnectionID != connID || !plausibleID(in.OpportunityID) {
				t.Fatalf("started %+v from %q", in, body)
			}
		}
	})
}

// FuzzCodejudgeCallback drives the router with hostile Codejudge callbacks,
// signed or not. Nothing may panic and nothing may be signalled unless the
// body is signed.
func FuzzCodejudgeCallback(f *testing.F) {
	callback := func(event, occurredAt, externalID, testID string) []byte {
		return fmt.Appendf(nil, `{"id":"evt-9","event":%q,"occurredAt":%q,"invite":{"id":"inv-7","testId":%q,"externalId":%q,"status":"completed"}}`,
			event, occurredAt, testID, externalID)
	}
	now := fixedNow.Format(time.RFC3339)
	f.Add(callback(codejudge.EventInviteCompleted, now, "opp-1", "CJ-81519"), true)
	f.Add(callback(codejudge.EventInviteCompleted, now, "opp-1", "CJ-81519"), false)
	f.Add(callback(codejudge.EventInviteExpired, now, "opp-1", "CJ-81519"), true)
	f.Add(callback("invite.reminded", now, "opp-1", "CJ-81519"), true)
	f.Add(callback(codejudge.EventInviteCompleted, fixedNow.Add(-48*time.Hour).Format(time.RFC3339), "opp-1", "CJ-81519"), true)
	f.Add(callback(codejudge.EventInviteCompleted, now, "opp-1/CJ-1", "CJ-81519"), true)
	f.Add(callback(codejudge.EventInviteCompleted, now, "..", "<b>"), true)
	f.Add(callback(codejudge.EventInviteCompleted, "yesterday", "opp-1", "CJ-81519"), true)
	f.Add([]byte(`{"id":"e","event":"invite.completed","id":"f"}`), true)
	f.Add([]byte(`null`), true)
	f.Add([]byte(nil), false)
	router, wf := fuzzRouter(f)
	f.Fuzz(func(t *testing.T, body []byte, signed bool) {
		signature := "sha256=" + strings.Repeat("0", 64)
		if signed {
			signature = cjSign(cjSecret, body)
		}
		before := len(wf.signalCalls())
		serveFuzz(t, router, "/webhooks/codejudge/"+connID, body, map[string]string{codejudge.SignatureHeader: signature})
		for _, s := range wf.signalCalls()[before:] {
			if !signed {
				t.Fatalf("signalled %+v from an unsigned body %q", s, body)
			}
			if s.ConnectionID != connID || !plausibleID(s.OpportunityID) || !plausibleID(s.TestID) {
				t.Fatalf("signalled %+v from %q", s, body)
			}
		}
	})
}
