package bench

import (
	"context"
	"fmt"
	"time"
)

// BulkOptions size part 4.
type BulkOptions struct {
	// N candidates are moved into the trigger stage at once.
	N int
	// Timeout bounds the wait until they all wait for a result.
	Timeout time.Duration
}

// bulkMove is part 4: N candidates of one account are moved into the
// trigger stage at once while two worker processes serve it and Lever
// holds the account to its rate limit. Lever's own counts give the rate
// sustained, the 429s and the calls made twice; the invite notes' times
// give the order and the time to the first and to the last invite.
func bulkMove(ctx context.Context, st Stack, o Options, r *Report) {
	const section = "4. bulk move (two workers, Lever's limit per account)"
	if len(st.Bulk) == 0 {
		r.Errorf("bulk move: the stack has no bulk account")
		return
	}
	lever, n := st.Bulk[0], o.Bulk.N
	stopWorker, err := st.Processes.AddWorker(ctx)
	if err != nil {
		r.Errorf("starting the second worker: %v", err)
		return
	}
	defer stopWorker()
	opps, err := createCandidates(ctx, lever, n)
	if err != nil {
		r.Errorf("creating candidates: %v", err)
		return
	}
	calls, throttledBefore := startCount(lever), lever.Throttled()
	rate := sampleRequests(ctx, lever)
	t0 := time.Now()
	moved := make([]time.Time, n)
	moves := ClosedLoop(ctx, n, 8, func(ctx context.Context, i int) error {
		err := lever.MoveToTrigger(ctx, opps[i])
		moved[i] = time.Now()
		return err
	})
	if moves.Errors > 0 {
		r.Errorf("moving candidates: %d failed, first: %v", moves.Errors, moves.FirstError)
		rate.stop()
		return
	}
	waitErr := waitForWaiting(ctx, st, t0, int64(n), o.Bulk.Timeout)
	// An assessment waits for the result before its invite note is
	// written: let cjlever's last calls pass before reading the notes.
	if err := settle(ctx, lever); err != nil {
		r.Errorf("%v", err)
	}
	series := rate.stop()
	waiting, err := awaitingResults(ctx, st, t0)
	if err != nil {
		r.Errorf("counting waiting assessments: %v", err)
	}
	if waitErr != nil {
		r.Errorf("bulk move: %v", waitErr)
	}
	invites, err := readInvites(ctx, lever, opps)
	if err != nil {
		r.Errorf("reading the invite notes: %v", err)
		return
	}
	routes := calls.byRoute()
	reportBulk(r, section, bulkRun{t0: t0, moved: moved, invites: invites, waiting: waiting, series: series,
		throttled: lever.Throttled() - throttledBefore, routes: routes})
	reportCalls(r, section, "bulk.calls", "invite", routes, n)
	r.Notef("bulk: %d candidates moved at concurrency 8 on an account of their own, two worker processes, Lever's limit (10/s, bursts of 20) enforced by the emulator", n)
}

// readInvites reads every opportunity's invite notes once the run is over.
func readInvites(ctx context.Context, lever Lever, opps []string) ([][]Note, error) {
	out := make([][]Note, len(opps))
	s := ClosedLoop(ctx, len(opps), 8, func(ctx context.Context, i int) error {
		notes, err := lever.Notes(ctx, opps[i])
		out[i] = notesWith(notes, inviteNoteText)
		return err
	})
	if s.Errors > 0 {
		return nil, fmt.Errorf("%d of %d failed, first: %w", s.Errors, len(opps), s.FirstError)
	}
	return out, nil
}
