package bench

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/api/workflowservice/v1"

	"github.com/cjlever/cjlever/workflows"
)

// MemoryOptions size part 5.
type MemoryOptions struct {
	// Waiting is how many assessments are brought to wait for a result.
	Waiting int
	// Timeout bounds the wait until they all do.
	Timeout time.Duration
}

const mb = 1 << 20

// memory is part 5: Waiting candidates are moved and invited; then the
// worker's and the gateway's resident memory is read, and the worker is
// killed and restarted, timed until it handles a result for one of them.
func memory(ctx context.Context, st Stack, o Options, r *Report) {
	const section = "5. memory"
	m := o.Memory
	if len(st.Memory) == 0 {
		r.Errorf("memory: the stack has no memory accounts")
		return
	}
	recordRSS(st, r, section, "idle", "before")
	cands, err := createSpread(ctx, st.Memory, m.Waiting)
	if err != nil {
		r.Errorf("creating candidates: %v", err)
		return
	}
	t0 := time.Now()
	if err := moveInBatches(ctx, st, cands, t0, m.Timeout); err != nil {
		r.Errorf("%v", err)
		return
	}
	took := time.Since(t0)
	r.Add(section, "memory.invite_all_s", fmt.Sprintf("%d moved until all wait for a result", m.Waiting), took.Seconds(), "s")
	r.Add(section, "memory.invites_per_second", "invites per second meanwhile", float64(m.Waiting)/took.Seconds(), "/s")
	recordRSS(st, r, section, "waiting", fmt.Sprintf("with %d waiting", m.Waiting))
	restart(ctx, st, cands[0], o.EndToEnd, r, section)
	recordRSS(st, r, section, "restarted", "after the restart and one result")
	r.Notef("memory: %d candidates over %d accounts, each its own connection (so the worker serves %d more Lever queues than it would with one)",
		m.Waiting, len(st.Memory), len(st.Memory))
}

// memoryBatch is how many candidates the memory part moves at once.
const memoryBatch = 500

// moveInBatches moves the candidates memoryBatch at a time, each batch once
// the ones before wait for a result. The figure is memory, not speed: moved
// all at once, thousands of first steps queue in Temporal's matching ahead
// of everyone's next one, and the embedded server spends its time on the
// backlog.
func moveInBatches(ctx context.Context, st Stack, cands []candidate, since time.Time, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for start := 0; start < len(cands); start += memoryBatch {
		batch := cands[start:min(start+memoryBatch, len(cands))]
		moves := ClosedLoop(ctx, len(batch), 8, func(ctx context.Context, i int) error {
			return batch[i].lever.MoveToTrigger(ctx, batch[i].opportunityID)
		})
		if moves.Errors > 0 {
			return fmt.Errorf("moving candidates: %d failed, first: %w", moves.Errors, moves.FirstError)
		}
		if err := waitForWaiting(ctx, st, since, int64(start+len(batch)), time.Until(deadline)); err != nil {
			return err
		}
	}
	return nil
}

// candidate is one opportunity of one of the memory part's accounts.
type candidate struct {
	lever         Lever
	opportunityID string
}

// createSpread creates n candidates over the accounts in turn, eight at a
// time, so that moving them in order spreads the work over every account's
// Lever queue.
func createSpread(ctx context.Context, accounts []Lever, n int) ([]candidate, error) {
	out := make([]candidate, n)
	s := ClosedLoop(ctx, n, 8, func(ctx context.Context, i int) (err error) {
		out[i].lever = accounts[i%len(accounts)]
		out[i].opportunityID, err = out[i].lever.CreateCandidate(ctx)
		return err
	})
	if s.Errors > 0 {
		return nil, fmt.Errorf("%d of %d failed, first: %w", s.Errors, n, s.FirstError)
	}
	return out, nil
}

// restart kills the worker, starts a new one and completes one waiting
// candidate's test: the time until the result note is in Lever is how long
// a restarted worker takes to pick up waiting work.
func restart(ctx context.Context, st Stack, c candidate, e EndToEndOptions, r *Report, section string) {
	if err := st.Processes.KillWorker(); err != nil {
		r.Errorf("killing the worker: %v", err)
		return
	}
	t0 := time.Now()
	if err := st.Processes.StartWorker(ctx); err != nil {
		r.Errorf("restarting the worker: %v", err)
		return
	}
	r.Add(section, "memory.restart.ready_ms", "restarted worker polling", ms(time.Since(t0)), "ms")
	t1 := time.Now()
	if err := st.Codejudge.Complete(ctx, c.opportunityID, 75); err != nil {
		r.Errorf("completing a test after the restart: %v", err)
		return
	}
	if err := waitForNote(ctx, c.lever, c.opportunityID, resultNoteText, e); err != nil {
		r.Errorf("after the restart: %v", err)
		return
	}
	r.Add(section, "memory.restart.first_result_ms", "then test completed -> result note", ms(time.Since(t1)), "ms")
	r.Add(section, "memory.restart.pickup_ms", "worker start -> result note", ms(time.Since(t0)), "ms")
}

func recordRSS(st Stack, r *Report, section, key, label string) {
	worker, gateway, err := st.Processes.RSS()
	if err != nil {
		r.Errorf("reading resident memory: %v", err)
		return
	}
	r.Add(section, "memory."+key+".worker_rss_mb", "worker RSS, "+label, float64(worker)/mb, "MB")
	r.Add(section, "memory."+key+".gateway_rss_mb", "gateway RSS, "+label, float64(gateway)/mb, "MB")
}

// awaitingResults counts the running assessments started since t0 that
// wait for a result.
func awaitingResults(ctx context.Context, st Stack, since time.Time) (int64, error) {
	query := fmt.Sprintf("WorkflowType = '%s' AND ExecutionStatus = 'Running' AND %s = '%s' AND StartTime >= '%s'",
		workflows.CandidateAssessmentWorkflowName, workflows.SearchAttrStatus.GetName(), workflows.StateAwaitingResult,
		since.UTC().Format(time.RFC3339Nano))
	resp, err := st.Temporal.CountWorkflow(ctx, &workflowservice.CountWorkflowExecutionsRequest{Query: query})
	if err != nil {
		return 0, err
	}
	return resp.GetCount(), nil
}

// waitForWaiting waits until want assessments started since t0 wait for a
// result.
func waitForWaiting(ctx context.Context, st Stack, since time.Time, want int64, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		n, err := awaitingResults(ctx, st, since)
		switch {
		case err != nil:
			return fmt.Errorf("counting waiting assessments: %w", err)
		case n >= want:
			return nil
		case time.Now().After(deadline):
			return fmt.Errorf("only %d of %d assessments wait for a result after %s", n, want, timeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}
