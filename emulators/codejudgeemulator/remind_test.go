package codejudgeemulator

import (
	"context"
	"testing"
	"time"

	"github.com/cjlever/cjlever/clients/apiclient"
	"github.com/cjlever/cjlever/clients/codejudge"
)

func TestRemindEmailsOncePerHour(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	inv := h.invite(t, "k1", "ada@example.com", callbackURL)
	for range 2 { // a repeat within the hour sends no second email
		got, err := h.client.RemindInvite(ctx, inv.ID)
		if err != nil || got.ID != inv.ID || got.Status != codejudge.StatusInvited {
			t.Fatalf("RemindInvite = %+v, %v", got, err)
		}
	}
	if n := h.emu.Reminders(inv.ID); n != 1 {
		t.Fatalf("reminders = %d, want 1", n)
	}
	h.clock.Advance(time.Hour)
	if _, err := h.client.RemindInvite(ctx, inv.ID); err != nil {
		t.Fatal(err)
	}
	if n := h.emu.Reminders(inv.ID); n != 2 {
		t.Errorf("reminders after an hour = %d, want 2", n)
	}
}

func TestRemindFinishedOrUnknownInvite(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	done := h.invite(t, "k1", "ada@example.com", callbackURL)
	h.sandbox(t, done.ID, "complete", `{"score":50}`)
	_, err := h.client.RemindInvite(ctx, done.ID)
	if e, ok := apiclient.As(err); !ok || e.Kind != apiclient.KindConflict || e.Code != codejudge.CodeInviteFinished {
		t.Errorf("reminding a completed invite: err = %v, want 409 invite_finished", err)
	}
	if n := h.emu.Reminders(done.ID); n != 0 {
		t.Errorf("a completed invite was reminded %d times", n)
	}
	if _, err := h.client.RemindInvite(ctx, "inv_nope"); !apiclient.IsNotFound(err) {
		t.Errorf("reminding an unknown invite: err = %v", err)
	}
}
