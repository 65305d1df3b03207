package worker

import (
	"fmt"
	"slices"
	"sync"

	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/cjlever/cjlever/activities"
	"github.com/cjlever/cjlever/workflows"
)

// LeverWorkers runs, in this process, one worker on each connection's Lever
// task queue (workflows.LeverTaskQueue). Each declares the account's rate
// limit as its queue's TaskQueueActivitiesPerSecond, which Temporal enforces
// for all workers of the queue together: however many worker processes
// there are, the account sees at most that many Lever calls a second.
type LeverWorkers struct {
	client client.Client
	acts   *activities.Activities
	opts   sdkworker.Options

	mu      sync.Mutex
	running map[string]sdkworker.Worker
}

// NewLeverWorkers serves Lever queues with acts; opts are the workers'
// options, with TaskQueueActivitiesPerSecond the rate of one account.
func NewLeverWorkers(c client.Client, acts *activities.Activities, opts sdkworker.Options) *LeverWorkers {
	return &LeverWorkers{client: c, acts: acts, opts: opts, running: map[string]sdkworker.Worker{}}
}

// Sync starts a worker for each listed connection that has none and stops
// the workers of connections no longer listed.
func (lw *LeverWorkers) Sync(connectionIDs []string) error {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	for id, w := range lw.running {
		if !slices.Contains(connectionIDs, id) {
			w.Stop()
			delete(lw.running, id)
		}
	}
	for _, id := range connectionIDs {
		if _, ok := lw.running[id]; ok {
			continue
		}
		w := sdkworker.New(lw.client, workflows.LeverTaskQueue(id), lw.opts)
		w.RegisterActivity(lw.acts)
		if err := w.Start(); err != nil {
			return fmt.Errorf("starting the Lever worker of connection %q: %w", id, err)
		}
		lw.running[id] = w
	}
	return nil
}

// Stop stops every Lever worker.
func (lw *LeverWorkers) Stop() {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	for id, w := range lw.running {
		w.Stop()
		delete(lw.running, id)
	}
}
