package codejudgeemulator

import (
	"time"

	"github.com/cjlever/cjlever/clients/codejudge"
)

// remindQuiet is how long after one reminder a repeat sends no second email
// (docs/codejudge-api.md §3.5).
const remindQuiet = time.Hour

// remindInvite "emails" the candidate of an unfinished invite again, at most
// once per remindQuiet; a finished invite is a 409 invite_finished.
func (e *Emulator) remindInvite(orgID, id string) (codejudge.Invite, error) {
	return e.changeUnfinished(orgID, id, func(tx *txn, rec *inviteRecord) error {
		if rec.LastRemindedAt.IsZero() || !tx.now.Before(rec.LastRemindedAt.Add(remindQuiet)) {
			rec.Reminders++
			rec.LastRemindedAt = tx.now
			tx.changed = true
		}
		return nil
	})
}

// Reminders is how many reminder emails the invite's candidate was sent, for
// tests; 0 for an unknown invite.
func (e *Emulator) Reminders(inviteID string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	if rec, ok := e.st.Invites[inviteID]; ok {
		return rec.Reminders
	}
	return 0
}
