package codejudgeemulator

import (
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/emulators/internal/statefile"
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
	// Reminders counts the reminder emails sent; LastRemindedAt is when the
	// last went out, so a repeat within remindQuiet sends none.
	Reminders      int       `json:"reminders,omitempty"`
	LastRemindedAt time.Time `json:"lastRemindedAt,omitzero"`
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
// state. The file is written by statefile.Save and is private: it holds
// candidates' names and emails.
func loadState(path string) (*state, error) {
	st := newState()
	if err := statefile.Load("codejudge emulator", path, stateVersion, st); err != nil {
		return nil, err
	}
	// For a map the file says is null.
	if st.Invites == nil {
		st.Invites = map[string]*inviteRecord{}
	}
	if st.Keys == nil {
		st.Keys = map[string]map[string]keyBinding{}
	}
	return st, nil
}

// newID returns prefix plus 96 random bits in hex: invite ids must be
// unguessable because report and test pages need no key.
func newID(prefix string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return prefix + hex.EncodeToString(b)
}
