package leveremulator

import (
	"cmp"
	"encoding/json"
	"log/slog"
	"slices"

	"github.com/cjlever/cjlever/emulators/internal/delivery"
	"github.com/cjlever/cjlever/emulators/internal/statefile"
)

// txn is one change to an account's state, made under the account's lock.
type txn struct {
	st      *state
	log     *slog.Logger
	nowMs   int64 // Unix milliseconds, Lever's time format
	changed bool
	events  []delivery.Job
}

// nextSeq numbers a new record.
func (tx *txn) nextSeq() int64 {
	tx.st.NextSeq++
	return tx.st.NextSeq
}

// write runs fn under the lock, then, if anything changed, saves the state
// and queues the webhook events fn emitted. fn's error, usually an
// *apiError, is returned as is.
//
// Events are queued before the lock is released, so that each webhook
// receives events in the order the changes were made; queuing is only an
// append, and delivery itself never holds the lock.
func (a *account) write(fn func(tx *txn) error) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	tx := &txn{st: a.st, log: a.log, nowMs: a.now().UnixMilli()}
	err := fn(tx)
	if tx.changed && a.stateFile != "" {
		if saveErr := statefile.Save(a.stateFile, a.st); saveErr != nil {
			a.log.Error("lever emulator: saving state failed", "err", saveErr)
			if err == nil {
				// The change stands in memory.
				err = errInternal("saving state failed")
			}
		}
	}
	for _, job := range tx.events {
		a.webhooks.Enqueue(job)
	}
	return err
}

// read runs fn under the lock. fn must copy what it returns: records change
// once the lock is released.
func (a *account) read(fn func(st *state) error) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return fn(a.st)
}

// emit queues event, with data, for every webhook registered for it.
func (tx *txn) emit(event string, data any) {
	raw, err := json.Marshal(data)
	if err != nil {
		tx.log.Error("lever emulator: encoding webhook data", "event", event, "err", err)
		return
	}
	hooks := make([]*webhookRecord, 0, len(tx.st.Webhooks))
	for _, w := range tx.st.Webhooks {
		if w.Event == event {
			hooks = append(hooks, w)
		}
	}
	slices.SortFunc(hooks, func(a, b *webhookRecord) int { return cmp.Compare(a.Seq, b.Seq) })
	for _, w := range hooks {
		tx.events = append(tx.events, webhookJob(newID(), event, w, tx.nowMs, raw))
	}
}
