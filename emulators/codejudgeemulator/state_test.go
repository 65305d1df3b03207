package codejudgeemulator

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cjlever/cjlever/clients/codejudge"
)

func TestStateFileSurvivesARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dev", "codejudge.json")
	withFile := func(o *Options) { o.StateFile = path }

	first := newHarness(t, withFile)
	inv := first.invite(t, "acme/opp-1/CJ-81519", "ada@example.com", callbackURL)
	first.sandbox(t, inv.ID, "start", "")
	first.emu.Close()

	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("state file: %v", err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("state file mode %o, want 600: it holds candidates' emails", perm)
	}
	if leftovers, _ := filepath.Glob(path + ".*.tmp"); len(leftovers) != 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}

	second := newHarness(t, withFile)
	ctx := context.Background()
	got, err := second.client.GetInvite(ctx, inv.ID)
	if err != nil || got.Status != codejudge.StatusStarted || got.Candidate.Email != "ada@example.com" {
		t.Fatalf("GetInvite after restart = %+v, %v", got, err)
	}
	// Idempotency keys survive too: a replay after the restart creates nothing.
	again := second.invite(t, "acme/opp-1/CJ-81519", "ada@example.com", callbackURL)
	if again.ID != inv.ID {
		t.Errorf("replay after restart gave %s, want %s", again.ID, inv.ID)
	}
	// And new invites still sort after the old ones.
	newer := second.invite(t, "k2", "grace@example.com", callbackURL)
	list, _ := second.client.ListInvites(ctx, codejudge.InviteFilter{})
	if len(list) != 2 || list[0].ID != inv.ID || list[1].ID != newer.ID {
		t.Errorf("ListInvites after restart = %v", ids(list))
	}
}

func TestBadStateFileIsRefused(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"garbage.json":   "{not json",
		"version-9.json": `{"version": 9, "invites": {}}`,
		"version-0.json": `{}`,
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := New(Options{Organisations: []Organisation{orgAcme}, StateFile: path}); err == nil {
			t.Errorf("%s: New succeeded", name)
		}
	}
}
