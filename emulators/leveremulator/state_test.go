package leveremulator

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cjlever/cjlever/clients/lever"
)

func TestStateFileSurvivesARestart(t *testing.T) {
	stateFile := filepath.Join(t.TempDir(), "lever", "state.json")
	withState := func(o *Options) { o.StateFile = stateFile }
	ctx := context.Background()

	first := newHarness(t, withState)
	opp := first.createOpportunity(t, "Ada")
	if err := first.client.MoveStage(ctx, opp.ID, StageAssessment, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := first.client.AddNote(ctx, opp.ID, "kept", ""); err != nil {
		t.Fatal(err)
	}
	hook, err := first.client.CreateWebhook(ctx, "https://gateway.test/webhooks/lever/sandbox", lever.EventCandidateStageChange)
	if err != nil {
		t.Fatal(err)
	}
	first.srv.Close()
	first.emu.Close()
	if info, err := os.Stat(stateFile); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("state file: %v %v", info, err)
	}
	before, _ := os.ReadFile(stateFile)

	second := newHarness(t, withState) // seeds again: must change nothing
	after, _ := os.ReadFile(stateFile)
	if string(before) != string(after) {
		t.Fatal("seeding a seeded state rewrote it")
	}
	got, err := second.client.GetOpportunity(ctx, opp.ID)
	if err != nil || got.Stage != StageAssessment || !slices.Contains(got.Tags, SandboxPostingTag) {
		t.Fatalf("opportunity after restart: %+v (%v)", got, err)
	}
	notes, err := second.client.ListNotes(ctx, opp.ID)
	if err != nil || len(notes) != 1 || notes[0].Value != "kept" {
		t.Fatalf("notes after restart: %+v (%v)", notes, err)
	}
	hooks, err := second.client.ListWebhooks(ctx)
	if err != nil || len(hooks) != 1 || hooks[0].ID != hook.ID || hooks[0].SignatureToken != hook.SignatureToken {
		t.Fatalf("webhooks after restart: %+v (%v)", hooks, err)
	}
	// New records continue the sequence rather than reusing it.
	next := second.createOpportunity(t, "Grace")
	opps := second.listOpportunities(t, "")
	if len(opps) != 2 || opps[0].ID != opp.ID || opps[1].ID != next.ID {
		t.Fatalf("opportunities after restart: %+v", opps)
	}
}

func TestStateFileOfAnotherVersionIsRefused(t *testing.T) {
	stateFile := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(stateFile, []byte(`{"version": 99}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{APIKey: testAPIKey, StateFile: stateFile}); err == nil {
		t.Fatal("a state file of another version was loaded")
	}
	if err := os.WriteFile(stateFile, []byte(`not json`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{APIKey: testAPIKey, StateFile: stateFile}); err == nil {
		t.Fatal("a corrupt state file was loaded")
	}
}

func TestSeedSandboxIsIdempotent(t *testing.T) {
	h := newHarness(t)
	again, err := h.emu.SeedSandbox()
	if err != nil {
		t.Fatal(err)
	}
	if again.PostingID != h.seed.PostingID || again.UserID != h.seed.UserID || again.AssessmentStageID != StageAssessment ||
		!slices.Equal(again.Stages, SandboxStages()) {
		t.Fatalf("second seed %+v", again)
	}
	ctx := context.Background()
	users, _ := h.client.ListUsers(ctx)
	postings, _ := h.client.ListPostings(ctx)
	stages, _ := h.client.ListStages(ctx)
	if len(users) != 1 || len(postings) != 1 || len(stages) != len(SandboxStages()) {
		t.Fatalf("after two seeds: %d users, %d postings, %d stages", len(users), len(postings), len(stages))
	}
	if users[0].Name != "Sandbox Recruiter" || users[0].AccessRole != "admin" || users[0].ID != SandboxUserID {
		t.Fatalf("user %+v", users[0])
	}
}
