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
	recordRSS(st, r, section, "idle", "before")
	opps, err := createCandidates(ctx, st.Lever, m.Waiting)
	if err != nil {
		r.Errorf("creating candidates: %v", err)
		return
	}
	t0 := time.Now()
	moves := ClosedLoop(ctx, len(opps), 8, func(ctx context.Context, i int) error { return st.Lever.MoveToTrigger(ctx, opps[i]) })
	if moves.Errors > 0 {
		r.Errorf("moving candidates: %d failed, first: %v", moves.Errors, moves.FirstError)
		return
	}
	if err := waitForWaiting(ctx, st, t0, int64(m.Waiting), m.Timeout); err != nil {
		r.Errorf("%v", err)
		return
	}
	took := time.Since(t0)
	r.Add(section, "memory.invite_all_s", fmt.Sprintf("%d moved until all wait for a result", m.Waiting), took.Seconds(), "s")
	r.Add(section, "memory.invites_per_second", "invites per second meanwhile", float64(m.Waiting)/took.Seconds(), "/s")
	recordRSS(st, r, section, "waiting", fmt.Sprintf("with %d waiting", m.Waiting))
	restart(ctx, st, opps[0], o.EndToEnd, r, section)
	recordRSS(st, r, section, "restarted", "after the restart and one result")
}

// restart kills the worker, starts a new one and completes one waiting
// candidate's test: the time until the result note is in Lever is how long
// a restarted worker takes to pick up waiting work.
func restart(ctx context.Context, st Stack, opportunityID string, e EndToEndOptions, r *Report, section string) {
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
	if err := st.Codejudge.Complete(ctx, opportunityID, 75); err != nil {
		r.Errorf("completing a test after the restart: %v", err)
		return
	}
	if err := waitForNote(ctx, st.Lever, opportunityID, resultNoteText, e); err != nil {
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
