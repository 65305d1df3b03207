package main

import (
	"context"

	"github.com/cjlever/cjlever/connections"
)

// connectionChanges wakes this process's worker when its own settings page
// adds, reconnects or disables a connection, so that the worker serves (or
// stops serving) the connection's Lever queue at once. A change made through
// another process is seen at the worker's next periodic sync, within
// connectionsSyncInterval. A nil connectionChanges (a gateway without a
// worker) wakes nobody.
type connectionChanges chan struct{}

func newConnectionChanges() connectionChanges { return make(connectionChanges, 1) }

// notify never blocks: one pending wake-up covers any number of changes.
func (c connectionChanges) notify() {
	select {
	case c <- struct{}{}:
	default:
	}
}

// changeNotifyingStore is the directory as the settings page changes it:
// the writes that change which Lever queues are served notify changes.
type changeNotifyingStore struct {
	*connections.Directory
	changes connectionChanges
}

func (s changeNotifyingStore) Create(ctx context.Context, nc connections.NewConnection) error {
	return s.notifyAfter(s.Directory.Create(ctx, nc))
}

func (s changeNotifyingStore) CompleteOAuth(ctx context.Context, id, state, code string) error {
	return s.notifyAfter(s.Directory.CompleteOAuth(ctx, id, state, code))
}

func (s changeNotifyingStore) Disable(ctx context.Context, id string) error {
	return s.notifyAfter(s.Directory.Disable(ctx, id))
}

func (s changeNotifyingStore) notifyAfter(err error) error {
	if err == nil {
		s.changes.notify()
	}
	return err
}
