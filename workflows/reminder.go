package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

// expiry is when the invite stops working: Codejudge's expiry, or, when it
// gave none, the deadline less the grace period.
func (t *testInvitation) expiry() time.Time {
	if !t.status.ExpiresAt.IsZero() {
		return t.status.ExpiresAt
	}
	return t.status.Deadline.Add(-t.timing.GracePeriod)
}

// reminderAt is when to remind the candidate; pending is false once
// reminded, or when reminders are off (a negative ReminderBefore).
func (t *testInvitation) reminderAt() (at time.Time, pending bool) {
	if t.timing.ReminderBefore < 0 || t.reminded {
		return time.Time{}, false
	}
	return t.expiry().Add(-t.timing.ReminderBefore), true
}

// nextWake is how long to wait for a prompt: up to the next poll, the
// reminder or the deadline, whichever comes first.
func (t *testInvitation) nextWake(now time.Time) time.Duration {
	wait := min(t.timing.PollInterval, t.status.Deadline.Sub(now))
	if at, pending := t.reminderAt(); pending && at.After(now) {
		wait = min(wait, at.Sub(now))
	}
	return wait
}

// remindIfDue asks Codejudge to remind the candidate once the reminder is
// due and the invite, just checked, is still open, and notes it. A failed
// remind is tried again after the next check; an invite that finished
// meanwhile is checked at once.
func (t *testInvitation) remindIfDue(ctx workflow.Context) {
	at, pending := t.reminderAt()
	now := workflow.Now(ctx)
	if !pending || now.Before(at) || !now.Before(t.expiry()) {
		return
	}
	change, err := remindInvite(ctx, activities.GetInviteInput{ConnectionID: t.in.ConnectionID, InviteID: t.status.InviteID})
	if err != nil {
		t.logger.Warn("could not remind the candidate", "inviteId", t.status.InviteID, "error", err)
		return
	}
	t.reminded = true
	if change.AlreadyFinished {
		t.prompted = true
		return
	}
	if err := addNote(ctx, t.in.OpportunityRef, reminderNote(t.in.TestID, t.status.TestName, t.expiry()), t.in.EarlierRun); err != nil {
		t.status.Reason = "could not note the reminder: " + recruiterReason(err)
	}
}
