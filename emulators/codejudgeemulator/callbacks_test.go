package codejudgeemulator

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/emulators/internal/emulatortest"
)

func TestCompleteDeliversASignedCallback(t *testing.T) {
	h := newHarness(t)
	rcv := emulatortest.NewReceiver(t, http.StatusOK)
	inv := h.invite(t, "k1", "ada@example.com", rcv.URL)

	h.sandbox(t, inv.ID, "complete", `{"score":78,"timeTakenSeconds":4210}`)
	emulatortest.Eventually(t, "the callback", func() bool { return len(rcv.Received()) == 1 })

	got := rcv.Received()[0]
	if !codejudge.VerifyCallback(orgAcme.CallbackSecret, got.Header.Get(codejudge.SignatureHeader), got.Body) {
		t.Fatalf("signature %q does not verify", got.Header.Get(codejudge.SignatureHeader))
	}
	if codejudge.VerifyCallback(orgOther.CallbackSecret, got.Header.Get(codejudge.SignatureHeader), got.Body) {
		t.Error("signed with another organisation's secret")
	}
	if ct := got.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	ev, err := codejudge.DecodeCallback(got.Body)
	if err != nil {
		t.Fatalf("DecodeCallback: %v", err)
	}
	if ev.Event != codejudge.EventInviteCompleted || ev.Invite.ID != inv.ID || ev.Invite.Status != codejudge.StatusCompleted ||
		!ev.OccurredAt.Equal(h.clock.Now().Truncate(time.Second)) {
		t.Errorf("event = %+v", ev)
	}
	r := ev.Invite.Result
	if r == nil {
		t.Fatal("no result in the callback")
	}
	want := []codejudge.SectionScore{{Name: "Data structures", Score: 31, MaxScore: 40}, {Name: "API design", Score: 24, MaxScore: 30}, {Name: "SQL", Score: 23, MaxScore: 30}}
	if r.Score != 78 || r.MaxScore != 100 || r.Percentage != 78 || r.TimeTakenSeconds != 4210 || r.PlagiarismFlagged ||
		r.ReportURL != publicURL+"/reports/"+inv.ID || len(r.Sections) != 3 || r.Sections[0] != want[0] || r.Sections[1] != want[1] || r.Sections[2] != want[2] {
		t.Errorf("result = %+v", r)
	}

	polled, err := h.client.GetInvite(context.Background(), inv.ID)
	if err != nil || polled.Status != codejudge.StatusCompleted || polled.CompletedAt == nil || polled.Result.Score != 78 {
		t.Errorf("GetInvite after completion = %+v, %v", polled, err)
	}
	d := h.emu.Deliveries()
	if len(d) != 1 || d[0].Event != codejudge.EventInviteCompleted || d[0].Status != 200 || d[0].Attempt != 1 ||
		d[0].URL != rcv.URL || d[0].EventID != ev.ID || !d[0].OK() {
		t.Errorf("Deliveries = %+v", d)
	}
}

func TestFailedCallbackIsRedelivered(t *testing.T) {
	h := newHarness(t)
	rcv := emulatortest.NewReceiver(t, http.StatusInternalServerError, http.StatusOK)
	inv := h.invite(t, "k1", "ada@example.com", rcv.URL)
	h.sandbox(t, inv.ID, "complete", `{"score":40,"plagiarismFlagged":true,"plagiarismDetails":"matches a public repository"}`)
	emulatortest.Eventually(t, "the redelivery", func() bool { return len(h.emu.Deliveries()) == 2 })

	d := h.emu.Deliveries()
	if d[0].Status != 500 || d[0].Attempt != 1 || d[1].Status != 200 || d[1].Attempt != 2 || d[0].EventID != d[1].EventID {
		t.Errorf("Deliveries = %+v", d)
	}
	got := rcv.Received()
	if len(got) != 2 || string(got[0].Body) != string(got[1].Body) {
		t.Fatalf("receiver saw %d deliveries; a redelivery must repeat the same body", len(got))
	}
	ev, _ := codejudge.DecodeCallback(got[1].Body)
	if !ev.Invite.Result.PlagiarismFlagged || ev.Invite.Result.PlagiarismDetails != "matches a public repository" {
		t.Errorf("result = %+v", ev.Invite.Result)
	}
	time.Sleep(50 * time.Millisecond)
	if n := len(h.emu.Deliveries()); n != 2 {
		t.Errorf("%d attempts after a 2xx, want 2", n)
	}
}

func TestCallbackGivesUpAfterTheLastDelay(t *testing.T) {
	h := newHarness(t)
	rcv := emulatortest.NewReceiver(t, http.StatusServiceUnavailable)
	inv := h.invite(t, "k1", "ada@example.com", rcv.URL)
	h.sandbox(t, inv.ID, "complete", `{"score":10}`)
	emulatortest.Eventually(t, "three attempts", func() bool { return len(h.emu.Deliveries()) == 3 })
	time.Sleep(50 * time.Millisecond)
	if n := len(rcv.Received()); n != 3 {
		t.Errorf("%d attempts, want 1 + len(RetryDelays) = 3", n)
	}
}

func TestRedirectIsAFailedDeliveryAndNotFollowed(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.RetryDelays = []time.Duration{} })
	rcv := emulatortest.NewReceiver(t, http.StatusFound)
	inv := h.invite(t, "k1", "ada@example.com", rcv.URL)
	h.sandbox(t, inv.ID, "complete", `{"score":10}`)
	emulatortest.Eventually(t, "the attempt", func() bool { return len(h.emu.Deliveries()) == 1 })
	time.Sleep(50 * time.Millisecond)
	d := h.emu.Deliveries()
	if len(d) != 1 || d[0].Status != http.StatusFound || d[0].OK() {
		t.Errorf("Deliveries = %+v", d)
	}
	if n := len(rcv.Received()); n != 1 {
		t.Errorf("receiver saw %d requests; the redirect was followed", n)
	}
}

func TestUnreachableReceiverIsRecorded(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.RetryDelays = []time.Duration{} })
	rcv := emulatortest.NewReceiver(t, http.StatusOK)
	url := rcv.URL
	rcv.Close()
	inv := h.invite(t, "k1", "ada@example.com", url)
	h.sandbox(t, inv.ID, "complete", `{"score":10}`)
	emulatortest.Eventually(t, "the attempt", func() bool { return len(h.emu.Deliveries()) == 1 })
	if d := h.emu.Deliveries()[0]; d.Status != 0 || d.Err == "" {
		t.Errorf("Delivery = %+v, want an error and no status", d)
	}
}

func TestExpireDeliversInviteExpired(t *testing.T) {
	h := newHarness(t)
	rcv := emulatortest.NewReceiver(t, http.StatusNoContent)
	inv := h.invite(t, "k1", "ada@example.com", rcv.URL)
	h.sandbox(t, inv.ID, "expire", "")
	emulatortest.Eventually(t, "the callback", func() bool { return len(rcv.Received()) == 1 })
	got := rcv.Received()[0]
	if !codejudge.VerifyCallback(orgAcme.CallbackSecret, got.Header.Get(codejudge.SignatureHeader), got.Body) {
		t.Fatal("signature does not verify")
	}
	ev, _ := codejudge.DecodeCallback(got.Body)
	if ev.Event != codejudge.EventInviteExpired || ev.Invite.Status != codejudge.StatusExpired || ev.Invite.Result != nil {
		t.Errorf("event = %+v", ev)
	}
	status, raw := h.do(t, http.MethodPost, "/sandbox/invites/"+inv.ID+"/complete", orgAcme.APIKey, nil, `{"score":5}`)
	if status != http.StatusConflict || !strings.Contains(string(raw), codejudge.CodeInviteFinished) {
		t.Errorf("completing an expired invite: %d %s", status, raw)
	}
	// An expired invite is not active: the candidate may be invited again.
	h.invite(t, "k2", "ada@example.com", rcv.URL)
}

func TestInvitesExpireWhenTheirTimeComes(t *testing.T) {
	h := newHarness(t)
	rcv := emulatortest.NewReceiver(t, http.StatusOK)
	req := inviteRequest("ada@example.com", rcv.URL)
	req.ValidForHours = 1
	inv, err := h.client.CreateInvite(context.Background(), "k1", req)
	if err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(2 * time.Hour)
	got, err := h.client.GetInvite(context.Background(), inv.ID)
	if err != nil || got.Status != codejudge.StatusExpired {
		t.Fatalf("GetInvite after expiry = %+v, %v", got, err)
	}
	emulatortest.Eventually(t, "the callback", func() bool { return len(rcv.Received()) == 1 })
	ev, _ := codejudge.DecodeCallback(rcv.Received()[0].Body)
	if ev.Event != codejudge.EventInviteExpired || !ev.OccurredAt.Equal(inv.ExpiresAt) {
		t.Errorf("event %s at %v, want invite.expired at %v", ev.Event, ev.OccurredAt, inv.ExpiresAt)
	}
}

func TestCloseStopsPendingRedeliveries(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.RetryDelays = []time.Duration{time.Hour} })
	rcv := emulatortest.NewReceiver(t, http.StatusInternalServerError)
	inv := h.invite(t, "k1", "ada@example.com", rcv.URL)
	h.sandbox(t, inv.ID, "complete", `{"score":10}`)
	emulatortest.Eventually(t, "the first attempt", func() bool { return len(h.emu.Deliveries()) == 1 })

	closed := make(chan struct{})
	go func() { h.emu.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return while a redelivery was pending")
	}
	// Completing after Close still answers, but sends nothing.
	other := h.invite(t, "k2", "grace@example.com", rcv.URL)
	h.sandbox(t, other.ID, "complete", `{"score":10}`)
	time.Sleep(50 * time.Millisecond)
	if n := len(rcv.Received()); n != 1 {
		t.Errorf("receiver saw %d requests after Close, want 1", n)
	}
}

func TestReportPageShowsTheResult(t *testing.T) {
	h := newHarness(t)
	inv := h.invite(t, "k1", "ada@example.com", callbackURL)
	h.sandbox(t, inv.ID, "complete", `{"score":78}`)
	resp, err := http.Get(h.srv.URL + "/reports/" + inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	for _, want := range []string{"78 / 100", "78.0%", "Ada Lovelace", "Data structures", "31 / 40"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report page lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(string(page), "ada@example.com") {
		t.Error("report page shows the email")
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type = %q", ct)
	}
	for path, want := range map[string]int{"/reports/inv_nope": 404, "/take/" + inv.ID: 200} {
		r, err := http.Get(h.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != want {
			t.Errorf("GET %s = %d, want %d", path, r.StatusCode, want)
		}
	}
}
