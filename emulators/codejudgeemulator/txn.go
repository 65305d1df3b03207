package codejudgeemulator

import (
	"encoding/json"
	"time"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/emulators/internal/delivery"
	"github.com/cjlever/cjlever/emulators/internal/statefile"
)

// txn is one change to the state, made under the emulator's lock. Callbacks it
// emits are delivered once the lock is released and the state saved.
type txn struct {
	st      *state
	now     time.Time // whole seconds, UTC: the contract's time format
	changed bool
	events  []delivery.Job
}

// inTxn runs fn under the lock, after expiring overdue invites (the emulator
// notices expiry lazily, on its next request). It then saves the state if
// anything changed and hands the emitted callbacks to the deliverer. fn's
// error, usually an *apiError, is returned as is.
func (e *Emulator) inTxn(fn func(tx *txn) error) error {
	e.mu.Lock()
	tx := &txn{st: e.st, now: e.now().UTC().Truncate(time.Second)}
	e.expireOverdue(tx)
	err := fn(tx)
	var saveErr error
	if tx.changed && e.stateFile != "" {
		saveErr = statefile.Save(e.stateFile, e.st)
	}
	e.mu.Unlock()

	for _, job := range tx.events {
		e.callbacks.Enqueue(job)
	}
	if saveErr != nil {
		e.log.Error("codejudge emulator: saving state failed", "err", saveErr)
		if err == nil {
			// The change stands in memory; a retry with the same
			// Idempotency-Key replays it.
			return errInternal("saving state failed")
		}
	}
	return err
}

// expireOverdue expires every unfinished invite whose expiresAt has passed.
func (e *Emulator) expireOverdue(tx *txn) {
	for _, rec := range tx.st.Invites {
		if rec.Invite.Status.Final() || tx.now.Before(rec.Invite.ExpiresAt) {
			continue
		}
		rec.Invite.Status = codejudge.StatusExpired
		tx.changed = true
		e.emit(tx, rec, codejudge.EventInviteExpired, rec.Invite.ExpiresAt)
	}
}

// emit queues a signed callback of the invite as it stands now.
func (e *Emulator) emit(tx *txn, rec *inviteRecord, event string, occurredAt time.Time) {
	org, ok := e.orgByID[rec.Org]
	if !ok {
		// An invite from a state file of another configuration.
		e.log.Warn("codejudge emulator: no organisation to sign a callback", "org", rec.Org, "invite", rec.Invite.ID)
		return
	}
	ev := codejudge.CallbackEvent{ID: newID("evt_"), Event: event, OccurredAt: occurredAt, Invite: rec.Invite}
	body, err := json.Marshal(ev)
	if err != nil {
		e.log.Error("codejudge emulator: encoding callback", "err", err)
		return
	}
	tx.events = append(tx.events, callbackJob(ev.ID, event, rec.Invite.ID, rec.CallbackURL, org.CallbackSecret, body))
}
