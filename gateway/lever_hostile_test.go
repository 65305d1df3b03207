package gateway

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"
)

// hostileCase is a Lever webhook body a sender could craft and the status it
// must get: a 4xx, or a 2xx where the event is genuine but irrelevant.
type hostileCase struct {
	name   string
	body   []byte
	status int
}

// leverObject joins raw JSON members into an object, so a body can hold what
// no encoder would write: wrong types, duplicated keys.
func leverObject(members ...string) []byte {
	return []byte("{" + strings.Join(members, ",") + "}")
}

// signedAt are the members that sign a delivery with tok at ms.
func signedAt(tok string, ms int64) []string {
	return []string{
		fmt.Sprintf(`"triggeredAt":%d`, ms),
		fmt.Sprintf(`"token":%q`, deliveryToken),
		fmt.Sprintf(`"signature":%q`, leverSign(tok, deliveryToken, ms)),
	}
}

// signedRaw is a body signed with tok now, with raw JSON for event and data.
func signedRaw(tok, event, data string) []byte {
	return leverObject(append(signedAt(tok, fixedNow.UnixMilli()), `"event":`+event, `"data":`+data)...)
}

// stageData is candidateStageChange data with a raw JSON opportunityId and
// toStageId and any extra raw members.
func stageData(opp, toStage string, extra ...string) string {
	return string(leverObject(append([]string{`"opportunityId":` + opp, `"toStageId":` + toStage}, extra...)...))
}

func hostileLeverBodies() []hostileCase {
	now := fixedNow.UnixMilli()
	stage := `"candidateStageChange"`
	trigger := fmt.Sprintf("%q", triggerStage)
	tags := `"tags":["` + strings.Repeat(`tag","`, 9999) + `tag"]`
	unsigned := func(members ...string) []byte {
		return leverObject(append([]string{`"event":` + stage, `"data":` + stageData(`"opp-1"`, trigger)}, members...)...)
	}
	const bad, stale, unauthorized, ok = http.StatusBadRequest, http.StatusBadRequest, http.StatusUnauthorized, http.StatusOK
	return []hostileCase{
		{"empty body", nil, bad},
		{"JSON null", []byte(`null`), bad},
		{"JSON array", []byte(`[{"event":"candidateStageChange"}]`), bad},
		{"not JSON", []byte(`event=candidateStageChange`), bad},
		{"event as an array", signedRaw(stageToken, `["candidateStageChange"]`, stageData(`"opp-1"`, trigger)), bad},
		{"event as an object", signedRaw(stageToken, `{"name":"candidateStageChange"}`, stageData(`"opp-1"`, trigger)), bad},
		{"event missing", leverObject(append(signedAt(stageToken, now), `"data":`+stageData(`"opp-1"`, trigger))...), bad},
		{"triggeredAt missing", leverObject(`"event":`+stage, `"token":"t"`, `"signature":"00"`, `"data":{}`), bad},
		{"triggeredAt as a float", leverObject(`"event":`+stage, fmt.Sprintf(`"triggeredAt":%d.0`, now), `"token":"t"`, `"signature":"00"`), bad},
		{"triggeredAt as an exponent", leverObject(`"event":`+stage, `"triggeredAt":1.7e12`, `"token":"t"`, `"signature":"00"`), bad},
		{"triggeredAt beyond int64", leverObject(`"event":`+stage, `"triggeredAt":1`+strings.Repeat("0", 30), `"token":"t"`, `"signature":"00"`), bad},
		{"triggeredAt as a bool", leverObject(`"event":`+stage, `"triggeredAt":true`, `"token":"t"`, `"signature":"00"`), bad},
		{"triggeredAt as markup", leverObject(`"event":`+stage, `"triggeredAt":"<script>alert(1)</script>"`), bad},
		{"triggeredAt the largest int64, signed", leverObject(append(signedAt(stageToken, math.MaxInt64), `"event":`+stage, `"data":`+stageData(`"opp-1"`, trigger))...), stale},
		{"triggeredAt the smallest int64, signed", leverObject(append(signedAt(stageToken, math.MinInt64), `"event":`+stage, `"data":`+stageData(`"opp-1"`, trigger))...), stale},
		{"token as a number", unsigned(fmt.Sprintf(`"triggeredAt":%d`, now), `"token":42`, `"signature":"00"`), bad},
		{"signature as an object", unsigned(fmt.Sprintf(`"triggeredAt":%d`, now), `"token":"t"`, `"signature":{"v":"00"}`), bad},
		{"token and signature missing", unsigned(fmt.Sprintf(`"triggeredAt":%d`, now)), unauthorized},
		{"data as an array", signedRaw(stageToken, stage, `["opp-1"]`), bad},
		{"data as a number", signedRaw(stageToken, stage, `7`), bad},
		{"opportunityId as a number", signedRaw(stageToken, stage, stageData(`7`, trigger)), bad},
		{"opportunityId missing", signedRaw(stageToken, stage, `{"toStageId":`+trigger+`}`), bad},
		{"opportunityId empty", signedRaw(stageToken, stage, stageData(`""`, trigger)), bad},
		{"opportunityId as markup", signedRaw(stageToken, stage, stageData(`"<b>opp</b>"`, trigger)), bad},
		{"opportunityId as a script", signedRaw(stageToken, stage, stageData(`"<script>alert(1)<\/script>"`, trigger)), bad},
		{"opportunityId with a non-ASCII letter", signedRaw(stageToken, stage, stageData(`"opp-ü"`, trigger)), bad},
		{"opportunityId with a right-to-left override", signedRaw(stageToken, stage, stageData(`"opp\u202e1"`, trigger)), bad},
		{"opportunityId with invalid UTF-8", signedRaw(stageToken, stage, stageData("\"opp-\xff\xfe\"", trigger)), bad},
		{"opportunityId with a NUL", signedRaw(stageToken, stage, stageData(`"opp\u0000"`, trigger)), bad},
		{"opportunityId over 128 characters", signedRaw(stageToken, stage, stageData(`"`+strings.Repeat("a", 129)+`"`, trigger)), bad},
		{"opportunityId ..", signedRaw(stageToken, stage, stageData(`".."`, trigger)), bad},
		{"toStageId as a look-alike of the trigger stage", signedRaw(stageToken, stage, stageData(`"opp-1"`, `"stage-codejudgе"`)), ok},
		{"10,000 tags on a stage change elsewhere", signedRaw(stageToken, stage, stageData(`"opp-1"`, `"stage-onsite"`, tags)), ok},
		{"10,000 tags and a markup opportunityId", signedRaw(stageToken, stage, stageData(`"<i>"`, trigger, tags)), bad},
		{"event name as markup", signedRaw(stageToken, `"<img src=x onerror=alert(1)>"`, stageData(`"opp-1"`, trigger)), unauthorized},
		{"event name in unicode", signedRaw(stageToken, `"candidateStageChangé"`, stageData(`"opp-1"`, trigger)), unauthorized},
		{"duplicated event key", leverObject(append(signedAt(stageToken, now),
			`"event":"candidateArchiveChange"`, `"data":`+stageData(`"opp-1"`, trigger), `"event":`+stage)...), bad},
		{"duplicated opportunityId key", signedRaw(stageToken, stage, stageData(`"opp-1"`, trigger, `"opportunityId":"opp-2"`)), bad},
		{"duplicated triggeredAt key", leverObject(append(signedAt(stageToken, now),
			`"event":`+stage, `"data":`+stageData(`"opp-1"`, trigger), fmt.Sprintf(`"triggeredAt":%d`, now-1))...), bad},
		{"data nested past the decoder's limit", signedRaw(stageToken, stage, strings.Repeat(`{"a":`, 10001)+"1"+strings.Repeat("}", 10001)), bad},
	}
}

// Hostile bodies get a clear answer, start nothing, and never have markup
// echoed back unescaped.
func TestLeverHostileBodies(t *testing.T) {
	for _, tc := range hostileLeverBodies() {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			r := h.postLever(t, connID, tc.body)
			if tc.status >= 400 {
				wantError(t, r, tc.status)
			} else if wantStatus(t, r, tc.status); r.body["status"] != "ignored" {
				t.Fatalf("body %s, want ignored", r.raw)
			}
			if n := len(h.wf.startCalls()); n != 0 {
				t.Fatalf("%d starts, want none", n)
			}
			if strings.ContainsAny(r.raw, "<>") {
				t.Fatalf("the answer echoes markup: %s", r.raw)
			}
			if m := h.metrics.all(); len(m) != 1 {
				t.Fatalf("metrics %q, want one outcome", m)
			}
		})
	}
}
