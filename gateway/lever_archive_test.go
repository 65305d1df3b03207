package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/workflows"
)

func TestDecideLeverArchive(t *testing.T) {
	conn, _ := testConnections(t).Get(context.Background(), connID)
	at := fixedNow.Add(-time.Minute)
	cases := []struct {
		name   string
		data   string
		act    bool
		reason string // the answer's, when not acting
	}{
		{"archived (toArchived)", `{"opportunityId":"opp-1","toArchived":{"archivedAt":1700000000000,"reason":"r1"}}`, true, ""},
		{"archived (archived)", `{"opportunityId":"opp-1","archived":{"archivedAt":1700000000000,"reason":"r1"}}`, true, ""},
		{"restored", `{"opportunityId":"opp-1","toArchived":null,"fromArchived":{"archivedAt":1700000000000}}`, false, reasonNotArchived},
		{"no opportunity", `{"toArchived":{"archivedAt":1700000000000}}`, false, reasonMalformed},
		{"an id that would address another workflow", `{"opportunityId":"opp-1/CJ-1","toArchived":{"archivedAt":1}}`, false, reasonMalformed},
		{"malformed", `{"opportunityId":7}`, false, reasonMalformed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev := lever.WebhookEvent{Event: lever.EventCandidateArchiveChange, TriggeredAt: at.UnixMilli(), Data: json.RawMessage(tc.data)}
			d := decideLeverArchive(conn, ev)
			if d.act != tc.act || (!tc.act && d.answer.reason != tc.reason) {
				t.Fatalf("decision %+v, want act %v reason %q", d, tc.act, tc.reason)
			}
			want := workflows.AssessmentInput{ConnectionID: connID, OpportunityID: "opp-1", EventTriggeredAt: at.UTC()}
			if tc.act && !reflect.DeepEqual(d.work, want) {
				t.Fatalf("work %+v, want %+v", d.work, want)
			}
		})
	}
}

func archivedBody(t *testing.T) []byte {
	t.Helper()
	return signedLever(t, archiveToken, "candidateArchiveChange", fixedNow, map[string]any{
		"opportunityId": "opp-1", "toArchived": map[string]any{"archivedAt": fixedNow.UnixMilli(), "reason": "r1"},
	})
}

func TestLeverArchiveSignalsTheAssessment(t *testing.T) {
	h := newHarness(t)
	r := h.postLever(t, connID, archivedBody(t))

	wantStatus(t, r, http.StatusOK)
	if r.body["status"] != "signalled" || r.body["workflowId"] != workflows.AssessmentWorkflowID(connID, "opp-1") {
		t.Fatalf("body %s, want signalled", r.raw)
	}
	if got := h.wf.archiveCalls(); !slices.Equal(got, []string{connID + "/opp-1"}) {
		t.Fatalf("archive signals %q", got)
	}
	if n := len(h.wf.startCalls()); n != 0 {
		t.Fatalf("%d starts, want none", n)
	}
	if got := h.metrics.all(); !slices.Equal(got, []string{"lever candidateArchiveChange signalled "}) {
		t.Fatalf("metrics %q", got)
	}
	// The same delivery again is a replay, refused like any other event's.
	wantStatus(t, h.postLever(t, connID, archivedBody(t)), http.StatusConflict)
	if n := len(h.wf.archiveCalls()); n != 1 {
		t.Fatalf("%d archive signals after a replay, want 1", n)
	}
}

func TestLeverArchiveWithoutAnAssessmentIsFine(t *testing.T) {
	h := newHarness(t)
	h.wf.set(func(f *fakeWorkflows) { f.notRunning = true })
	r := h.postLever(t, connID, archivedBody(t))

	wantStatus(t, r, http.StatusOK)
	if r.body["status"] != "ignored" {
		t.Fatalf("body %s, want ignored", r.raw)
	}
	if got := h.metrics.all(); !slices.Equal(got, []string{"lever candidateArchiveChange ignored " + reasonNoAssessment}) {
		t.Fatalf("metrics %q", got)
	}
}

// A deleted candidate's open invites are cancelled as an archived one's:
// the assessment is told, whichever id Lever's data names it by.
func TestLeverDeletedSignalsTheAssessment(t *testing.T) {
	for name, data := range map[string]map[string]any{
		"opportunityId": {"opportunityId": "opp-1", "candidateId": "opp-1"},
		"candidateId":   {"candidateId": "opp-1"},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			r := h.postLever(t, connID, signedLever(t, deletedToken, "candidateDeleted", fixedNow, data))
			wantStatus(t, r, http.StatusOK)
			if r.body["status"] != "signalled" || r.body["workflowId"] != workflows.AssessmentWorkflowID(connID, "opp-1") {
				t.Fatalf("body %s, want signalled", r.raw)
			}
		})
	}
	h := newHarness(t)
	r := h.postLever(t, connID, signedLever(t, deletedToken, "candidateDeleted", fixedNow, map[string]any{}))
	wantStatus(t, r, http.StatusBadRequest)
	r = h.postLever(t, connID, signedLever(t, "guessed", "candidateDeleted", fixedNow, map[string]any{"candidateId": "opp-1"}))
	wantStatus(t, r, http.StatusUnauthorized)
}
