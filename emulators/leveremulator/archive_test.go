package leveremulator

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/emulators/internal/emulatortest"
)

func TestArchiveDeliversAnArchiveChange(t *testing.T) {
	h := newHarness(t)
	r := emulatortest.NewReceiver(t)
	hook := h.register(t, r, lever.EventCandidateArchiveChange)
	opp := h.createOpportunity(t, "Ada")

	for range 2 { // archiving an archived opportunity sends nothing more
		if status, body := h.do(t, http.MethodPut, "/v1/opportunities/"+opp.ID+"/archived", `{"reason":"withdrew"}`); status != http.StatusOK {
			t.Fatalf("archive: %d %s", status, body)
		}
	}
	got, err := h.client.GetOpportunity(context.Background(), opp.ID)
	if err != nil || got.Archived == nil || got.Archived.Reason != "withdrew" {
		t.Fatalf("opportunity %+v, %v", got, err)
	}
	time.Sleep(50 * time.Millisecond)
	evs := decodeEvents(t, r.Wait(t, 1))
	if len(evs) != 1 || evs[0].Event != lever.EventCandidateArchiveChange || !lever.VerifyWebhookSignature(hook.SignatureToken, evs[0]) {
		t.Fatalf("deliveries %+v", evs)
	}
	var d archiveChangeData
	if err := json.Unmarshal(evs[0].Data, &d); err != nil {
		t.Fatal(err)
	}
	if d.OpportunityID != opp.ID || d.FromArchived != nil || d.ToArchived == nil || d.ToArchived.Reason != "withdrew" {
		t.Fatalf("data %+v", d)
	}

	// A null reason restores it.
	if status, body := h.do(t, http.MethodPut, "/v1/opportunities/"+opp.ID+"/archived", `{"reason":null}`); status != http.StatusOK {
		t.Fatalf("restore: %d %s", status, body)
	}
	if evs := decodeEvents(t, r.Wait(t, 2)); evs[1].Event != lever.EventCandidateArchiveChange {
		t.Fatalf("restore sent %+v", evs[1])
	}
}
