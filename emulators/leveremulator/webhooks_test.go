package leveremulator

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/emulators/internal/emulatortest"
)

var deliveryTokenShape = regexp.MustCompile(`^[A-Za-z0-9]{48}$`)

func TestStageMoveDeliversASignedStageChange(t *testing.T) {
	h := newHarness(t)
	r := emulatortest.NewReceiver(t)
	hook := h.register(t, r, lever.EventCandidateStageChange)
	other := emulatortest.NewReceiver(t)
	h.register(t, other, lever.EventCandidateHired) // another event: gets nothing
	opp := h.createOpportunity(t, "Ada")

	before := time.Now().UnixMilli()
	if err := h.client.MoveStage(context.Background(), opp.ID, StageAssessment, h.seed.UserID); err != nil {
		t.Fatal(err)
	}
	got := r.Wait(t, 1)
	if ua := got[0].Header.Get("User-Agent"); ua != "Lever-Webhooks" {
		t.Fatalf("User-Agent %q", ua)
	}
	if ct := got[0].Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type %q", ct)
	}
	ev := decodeEvents(t, got)[0]
	if !lever.VerifyWebhookSignature(hook.SignatureToken, ev) {
		t.Fatalf("signature does not verify: %s", got[0].Body)
	}
	if ev.Event != lever.EventCandidateStageChange || ev.ID == "" || !deliveryTokenShape.MatchString(ev.Token) ||
		ev.TriggeredAt < before || ev.TriggeredAt > time.Now().UnixMilli() {
		t.Fatalf("envelope %+v", ev)
	}
	var d lever.StageChangeData
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		t.Fatal(err)
	}
	want := lever.StageChangeData{OpportunityID: opp.ID, CandidateID: opp.ID, ContactID: opp.Contact,
		FromStageID: StageApplicantNew, ToStageID: StageAssessment}
	if d != want {
		t.Fatalf("data %+v, want %+v", d, want)
	}

	// A move to the stage it is in changes nothing and sends nothing.
	if err := h.client.MoveStage(context.Background(), opp.ID, StageAssessment, ""); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	if n := len(r.Wait(t, 1)); n != 1 {
		t.Fatalf("%d deliveries after a no-op move", n)
	}
	if n := len(other.Received()); n != 0 {
		t.Fatalf("the candidateHired webhook got %d deliveries", n)
	}
}

func TestRedeliveryCarriesANewToken(t *testing.T) {
	h := newHarness(t)
	r := emulatortest.NewReceiver(t, http.StatusInternalServerError, http.StatusOK)
	hook := h.register(t, r, lever.EventCandidateStageChange)
	opp := h.createOpportunity(t, "Ada")
	if err := h.client.MoveStage(context.Background(), opp.ID, StageAssessment, ""); err != nil {
		t.Fatal(err)
	}
	evs := decodeEvents(t, r.Wait(t, 2))
	for i, ev := range evs {
		if !lever.VerifyWebhookSignature(hook.SignatureToken, ev) {
			t.Fatalf("attempt %d does not verify", i+1)
		}
	}
	if evs[0].Token == evs[1].Token || evs[0].Signature == evs[1].Signature {
		t.Fatal("the redelivery reused the token")
	}
	if evs[0].ID != evs[1].ID || evs[0].TriggeredAt != evs[1].TriggeredAt || string(evs[0].Data) != string(evs[1].Data) {
		t.Fatalf("the redelivery is another event: %+v vs %+v", evs[0], evs[1])
	}
	emulatortest.Eventually(t, "two recorded attempts", func() bool { return len(h.emu.Deliveries()) == 2 })
	ds := h.emu.Deliveries()
	if ds[0].Attempt != 1 || ds[0].Status != 500 || ds[0].OK() || ds[1].Attempt != 2 || !ds[1].OK() ||
		ds[0].EventID != evs[0].ID || ds[1].Target != hook.ID || ds[1].Event != lever.EventCandidateStageChange {
		t.Fatalf("deliveries %+v", ds)
	}
	time.Sleep(60 * time.Millisecond)
	if n := len(h.emu.Deliveries()); n != 2 {
		t.Fatalf("%d attempts after a success", n)
	}
}

func TestRedirectIsAFailedDelivery(t *testing.T) {
	h := newHarness(t)
	r := emulatortest.NewReceiver(t, http.StatusFound)
	h.register(t, r, lever.EventCandidateStageChange)
	opp := h.createOpportunity(t, "Ada")
	if err := h.client.MoveStage(context.Background(), opp.ID, StageAssessment, ""); err != nil {
		t.Fatal(err)
	}
	// Three attempts (two retry delays in the harness), none followed to
	// the Location.
	got := r.Wait(t, 3)
	emulatortest.Eventually(t, "three recorded attempts", func() bool { return len(h.emu.Deliveries()) == 3 })
	for _, d := range h.emu.Deliveries() {
		if d.OK() || d.Status != http.StatusFound {
			t.Fatalf("delivery %+v", d)
		}
	}
	time.Sleep(60 * time.Millisecond)
	if n := len(r.Wait(t, 3)); n != 3 || len(got) != 3 {
		t.Fatalf("%d attempts, want 3 then give up", n)
	}
}

func TestApplicationCreatedIsDelivered(t *testing.T) {
	h := newHarness(t)
	r := emulatortest.NewReceiver(t)
	hook := h.register(t, r, lever.EventApplicationCreated)
	opp := h.createOpportunity(t, "Ada")
	ev := decodeEvents(t, r.Wait(t, 1))[0]
	if ev.Event != lever.EventApplicationCreated || !lever.VerifyWebhookSignature(hook.SignatureToken, ev) {
		t.Fatalf("event %+v", ev)
	}
	var d lever.ApplicationCreatedData
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		t.Fatal(err)
	}
	if d.OpportunityID != opp.ID || d.CandidateID != opp.ID || d.ContactID != opp.Contact ||
		d.ApplicationID != opp.Applications[0].ID || d.PostingID != h.seed.PostingID {
		t.Fatalf("data %+v", d)
	}
}

func TestEventsReachAWebhookInOrder(t *testing.T) {
	h := newHarness(t)
	r := emulatortest.NewReceiver(t)
	h.register(t, r, lever.EventCandidateStageChange)
	opp := h.createOpportunity(t, "Ada")
	path := []string{StageRecruiterScreen, StageAssessment, StageOnsiteInterview, StageOffer}
	for _, stage := range path {
		if err := h.client.MoveStage(context.Background(), opp.ID, stage, ""); err != nil {
			t.Fatal(err)
		}
	}
	for i, ev := range decodeEvents(t, r.Wait(t, len(path))) {
		var d lever.StageChangeData
		_ = json.Unmarshal(ev.Data, &d)
		if d.ToStageID != path[i] {
			t.Fatalf("delivery %d moved to %s, want %s", i, d.ToStageID, path[i])
		}
	}
}

func TestDeliveryDoesNotHoldUpTheAPI(t *testing.T) {
	h := newHarness(t)
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		<-release
		w.WriteHeader(http.StatusOK)
	}))
	defer slow.Close()
	defer close(release) // before slow.Close, which waits for the handler
	if _, err := h.client.CreateWebhook(context.Background(), slow.URL, lever.EventCandidateStageChange); err != nil {
		t.Fatal(err)
	}
	opp := h.createOpportunity(t, "Ada")

	done := make(chan error, 1)
	go func() {
		err := h.client.MoveStage(context.Background(), opp.ID, StageAssessment, "")
		if err == nil {
			_, err = h.client.GetOpportunity(context.Background(), opp.ID)
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the API waited for the webhook receiver")
	}
}

func TestCreateWebhookWireAndDelete(t *testing.T) {
	h := newHarness(t)
	status, raw := h.do(t, http.MethodPost, "/v1/webhooks",
		`{"url":"https://gateway.test/webhooks/lever/sandbox","event":"candidateStageChange","configuration":{"conditions":{"origins":["applied"]}}}`)
	var created struct {
		Data struct {
			Data struct {
				ID, URL, Event string
				Configuration  struct {
					SignatureToken string
					Conditions     map[string]any
				}
			}
		}
	}
	if status != http.StatusCreated || json.Unmarshal(raw, &created) != nil {
		t.Fatalf("create: %d %s", status, raw)
	}
	w := created.Data.Data
	if w.ID == "" || w.Event != "candidateStageChange" || len(w.Configuration.SignatureToken) < 32 || w.Configuration.Conditions["origins"] == nil {
		t.Fatalf("created %s", raw)
	}

	hooks, err := h.client.ListWebhooks(context.Background())
	if err != nil || len(hooks) != 1 || hooks[0].SignatureToken != w.Configuration.SignatureToken {
		t.Fatalf("listed %+v (%v)", hooks, err)
	}
	if status, raw := h.do(t, http.MethodDelete, "/v1/webhooks/"+w.ID, ""); status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", status, raw)
	}
	status, raw = h.do(t, http.MethodDelete, "/v1/webhooks/"+w.ID, "")
	wantError(t, status, raw, http.StatusNotFound, "ResourceNotFound")

	for name, body := range map[string]string{
		"unknown event":   `{"url":"https://gateway.test/h","event":"candidateTeleported"}`,
		"relative URL":    `{"url":"/h","event":"candidateHired"}`,
		"other scheme":    `{"url":"ftp://gateway.test/h","event":"candidateHired"}`,
		"missing the url": `{"event":"candidateHired"}`,
	} {
		t.Run(name, func(t *testing.T) {
			status, raw := h.do(t, http.MethodPost, "/v1/webhooks", body)
			wantError(t, status, raw, http.StatusBadRequest, "BadRequestError")
		})
	}
}

func TestCloseDropsPendingRedeliveries(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.RetryDelays = []time.Duration{time.Hour} })
	r := emulatortest.NewReceiver(t, http.StatusServiceUnavailable)
	h.register(t, r, lever.EventCandidateStageChange)
	opp := h.createOpportunity(t, "Ada")
	if err := h.client.MoveStage(context.Background(), opp.ID, StageAssessment, ""); err != nil {
		t.Fatal(err)
	}
	r.Wait(t, 1)
	closed := make(chan struct{})
	go func() { h.emu.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(2 * time.Second):
		t.Fatal("Close waited for a pending redelivery")
	}
}

func TestDeleteWebhookThroughTheClient(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	gone, err := h.client.CreateWebhook(ctx, "https://gateway.test/webhooks/lever/a", lever.EventCandidateStageChange)
	if err != nil {
		t.Fatal(err)
	}
	kept, err := h.client.CreateWebhook(ctx, "https://gateway.test/webhooks/lever/b", lever.EventApplicationCreated)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.client.DeleteWebhook(ctx, gone.ID); err != nil {
		t.Fatalf("DeleteWebhook: %v", err)
	}
	if err := h.client.DeleteWebhook(ctx, gone.ID); err != nil {
		t.Fatalf("deleting a deleted webhook: %v, want done", err)
	}
	// Another account cannot see, so cannot delete, this account's webhook.
	otherKey, err := h.emu.AddAccount("other")
	if err != nil {
		t.Fatal(err)
	}
	if err := newClient(t, h.srv.URL, otherKey).DeleteWebhook(ctx, kept.ID); err != nil {
		t.Fatalf("deleting another account's webhook: %v", err)
	}
	hooks, err := h.client.ListWebhooks(ctx)
	if err != nil || len(hooks) != 1 || hooks[0].ID != kept.ID {
		t.Fatalf("webhooks left %+v (%v)", hooks, err)
	}
}
