package codejudgeemulator

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/cjlever/cjlever/clients/codejudge"
)

// stateVersion guards the snapshot format: a file of another version is
// refused rather than half read.
const stateVersion = 1

// state is everything the emulator remembers; it is what the state file holds.
type state struct {
	Version int `json:"version"`
	// NextSeq orders invites by creation: invitedAt has whole seconds only.
	NextSeq int64                    `json:"nextSeq"`
	Invites map[string]*inviteRecord `json:"invites"` // by invite id
	// Keys binds each organisation's idempotency keys to the invite they
	// created: organisation id → key → binding.
	Keys map[string]map[string]keyBinding `json:"idempotencyKeys"`
}

// inviteRecord is an invite plus what the API does not show.
type inviteRecord struct {
	Org         string           `json:"org"`
	Seq         int64            `json:"seq"`
	CallbackURL string           `json:"callbackUrl"`
	Invite      codejudge.Invite `json:"invite"`
}

// keyBinding remembers the request a key first carried, to tell a replay
// (same request) from a reuse (different request).
type keyBinding struct {
	InviteID  string                        `json:"inviteId"`
	Request   codejudge.CreateInviteRequest `json:"request"`
	CreatedAt time.Time                     `json:"createdAt"`
}

func newState() *state {
	return &state{
		Version: stateVersion,
		Invites: map[string]*inviteRecord{},
		Keys:    map[string]map[string]keyBinding{},
	}
}

// loadState reads the snapshot at path; no path or no file yet is an empty
// state.
func loadState(path string) (*state, error) {
	if path == "" {
		return newState(), nil
	}
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return newState(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("codejudge emulator: reading state: %w", err)
	}
	st := &state{}
	if err := json.Unmarshal(raw, st); err != nil {
		return nil, fmt.Errorf("codejudge emulator: state file %s is not valid JSON: %w", path, err)
	}
	if st.Version != stateVersion {
		return nil, fmt.Errorf("codejudge emulator: state file %s has version %d, want %d (delete it to start afresh)", path, st.Version, stateVersion)
	}
	if st.Invites == nil {
		st.Invites = map[string]*inviteRecord{}
	}
	if st.Keys == nil {
		st.Keys = map[string]map[string]keyBinding{}
	}
	return st, nil
}

// saveState writes the snapshot to a temporary file in the same directory and
// renames it over path, so a crash never leaves a half-written file. The file
// is private: it holds candidates' names and emails.
func saveState(path string, st *state) error {
	raw, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// newID returns prefix plus 96 random bits in hex: invite ids must be
// unguessable because report and test pages need no key.
func newID(prefix string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return prefix + hex.EncodeToString(b)
}
