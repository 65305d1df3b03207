package codejudgeemulator

import (
	"github.com/cjlever/cjlever/clients/codejudge"
)

// completion is the body of POST /sandbox/invites/{id}/complete.
type completion struct {
	Score             *int   `json:"score"`
	TimeTakenSeconds  *int   `json:"timeTakenSeconds"`
	PlagiarismFlagged bool   `json:"plagiarismFlagged"`
	PlagiarismDetails string `json:"plagiarismDetails"`
}

// complete plays a candidate submitting the test: the invite gets a generated
// result and its invite.completed callback is delivered.
func (e *Emulator) complete(orgID, id string, c completion) (codejudge.Invite, error) {
	return e.changeUnfinished(orgID, id, func(tx *txn, rec *inviteRecord) error {
		test, ok := e.tests[rec.Invite.TestID]
		if !ok {
			return errInternal("the invite's test is no longer in the catalogue")
		}
		if c.Score == nil {
			return errValidation("score is required")
		}
		if *c.Score < 0 || *c.Score > test.MaxScore {
			return errValidation("score must be 0..%d", test.MaxScore)
		}
		if c.TimeTakenSeconds != nil && *c.TimeTakenSeconds < 0 {
			return errValidation("timeTakenSeconds must not be negative")
		}
		result := buildResult(test, c, e.publicURL+"/reports/"+rec.Invite.ID)
		completedAt := tx.now
		rec.Invite.Status = codejudge.StatusCompleted
		rec.Invite.CompletedAt = &completedAt
		rec.Invite.Result = &result
		tx.changed = true
		e.emit(tx, rec, codejudge.EventInviteCompleted, completedAt)
		return nil
	})
}

// start plays a candidate opening the test link.
func (e *Emulator) start(orgID, id string) (codejudge.Invite, error) {
	return e.changeUnfinished(orgID, id, func(tx *txn, rec *inviteRecord) error {
		if rec.Invite.Status != codejudge.StatusStarted {
			rec.Invite.Status = codejudge.StatusStarted
			tx.changed = true
		}
		return nil
	})
}

// expire makes an unfinished invite expire now and delivers invite.expired.
func (e *Emulator) expire(orgID, id string) (codejudge.Invite, error) {
	return e.changeUnfinished(orgID, id, func(tx *txn, rec *inviteRecord) error {
		rec.Invite.Status = codejudge.StatusExpired
		rec.Invite.ExpiresAt = tx.now
		tx.changed = true
		e.emit(tx, rec, codejudge.EventInviteExpired, tx.now)
		return nil
	})
}

// changeUnfinished applies change to an invite that is still invited or
// started (a finished one answers 409 invite_finished) and returns the
// invite as changed: the part every sandbox action (and a remind) shares.
func (e *Emulator) changeUnfinished(orgID, id string, change func(*txn, *inviteRecord) error) (inv codejudge.Invite, err error) {
	err = e.inTxn(func(tx *txn) error {
		rec, err := lookup(tx.st, orgID, id)
		if err != nil {
			return err
		}
		if !unfinished(rec.Invite.Status) {
			return errInviteFinished(rec.Invite)
		}
		if err := change(tx, rec); err != nil {
			return err
		}
		inv = rec.Invite
		return nil
	})
	return inv, err
}

func unfinished(s codejudge.InviteStatus) bool {
	return s == codejudge.StatusInvited || s == codejudge.StatusStarted
}
