package bench

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.temporal.io/api/serviceerror"

	"github.com/cjlever/cjlever/gateway"
	"github.com/cjlever/cjlever/workflows"
)

// IngestOptions size part 1.
type IngestOptions struct {
	// N operations per closed-loop run at Concurrency.
	N, Concurrency int
	// OpenN operations per open-loop run at Rate per second.
	OpenN int
	Rate  float64
	// Warmup operations of each kind run first, unmeasured.
	Warmup int
}

// ingestKind is one way of starting an assessment, timed side by side.
type ingestKind struct {
	key, label string
	start      func(ctx context.Context, opportunityID string) error
}

// ingestKinds are the gateway and its baselines on the same server: the
// bare StartWorkflow of the assessment, and the two starts the gateway
// makes per webhook (the delivery token's, then the assessment's) through
// the gateway's own Temporal calls, without HTTP.
func ingestKinds(st Stack, sender *webhookSender) []ingestKind {
	wf := gateway.NewTemporalWorkflows(st.Temporal)
	bare := func(ctx context.Context, opp string) error {
		in := assessmentInput(st, opp)
		opts, workflowType := gateway.AssessmentStartOptions(in)
		_, err := st.Temporal.ExecuteWorkflow(ctx, opts, workflowType, in)
		return err
	}
	gatewayCalls := func(ctx context.Context, opp string) error {
		in := assessmentInput(st, opp)
		token, err := deliveryToken()
		if err != nil {
			return err
		}
		claim := gateway.DeliveryClaim{Token: token, Until: in.EventTriggeredAt.Add(st.ReplayWindow + st.ClockSkew)}
		result, err := wf.StartAssessment(ctx, in, claim)
		if err != nil || result != gateway.Started {
			return errors.Join(err, fmt.Errorf("assessment of %s not started", opp))
		}
		return nil
	}
	return []ingestKind{
		{"bare", "raw StartWorkflow, assessment only", bare},
		{"raw", "raw token claim + StartWorkflow", gatewayCalls},
		{"gateway", "gateway webhook over HTTP", sender.moved},
	}
}

func assessmentInput(st Stack, opportunityID string) workflows.AssessmentInput {
	return workflows.AssessmentInput{
		ConnectionID: st.ConnectionID, OpportunityID: opportunityID, TriggerStageID: st.TriggerStageID,
		Trigger: workflows.TriggerStageChange, EventTriggeredAt: time.Now().UTC(),
	}
}

// ingest is part 1. Its opportunity ids exist nowhere in Lever and its
// assessments are terminated at the end. The worker runs meanwhile (the
// gateway reads the connection from its workflow) and takes each one's
// first workflow task, for every kind alike; their Lever reads wait on the
// Lever queue of ingest's own connection, paced at the account's limit, so
// they cost the cores almost nothing and never delay another part's.
func ingest(ctx context.Context, st Stack, o Options, r *Report) {
	const section = "1. ingest"
	sender := newWebhookSender(st, o.Ingest.Concurrency)
	run := fmt.Sprintf("bench-%d", time.Now().UnixNano())
	var started []string
	// drive runs n of kind's operations, numbered from first, and remembers
	// them for the termination at the end.
	drive := func(loop string, kind ingestKind, first, n int, load func(int, Op) Sample) Sample {
		id := func(i int) string { return fmt.Sprintf("%s-%s-%s-%d", run, loop, kind.key, first+i) }
		for i := range n {
			started = append(started, id(i))
		}
		return load(n, func(ctx context.Context, i int) error { return kind.start(ctx, id(i)) })
	}
	report := func(loop string, kind ingestKind, s Sample) Summary {
		return r.addSummary(section, "ingest."+loop+"."+kind.key, loop+" "+kind.label, s)
	}
	closedLoop := func(n int, op Op) Sample { return ClosedLoop(ctx, n, o.Ingest.Concurrency, op) }
	openLoop := func(n int, op Op) Sample { return OpenLoop(ctx, n, o.Ingest.Rate, op) }
	kinds := ingestKinds(st, sender)
	for _, k := range kinds {
		report("warmup", k, drive("warmup", k, 0, o.Ingest.Warmup, closedLoop))
	}
	// Each kind runs each loop in two halves, in the order A B C C B A: the
	// server slows a little as its tables grow, and a kind measured last
	// would pay for the others' rows.
	inHalves := func(loop string, n int, load func(int, Op) Sample) map[string]Summary {
		halves := map[string][]Sample{}
		for _, k := range append(slices.Clone(kinds), reversed(kinds)...) {
			first := len(halves[k.key]) * (n / 2)
			size := n / 2
			if first > 0 {
				size = n - first
			}
			halves[k.key] = append(halves[k.key], drive(loop, k, first, size, load))
		}
		out := map[string]Summary{}
		for _, k := range kinds {
			out[k.key] = report(loop, k, merge(halves[k.key][0], halves[k.key][1]))
		}
		return out
	}
	// The open loop first: the closed loop outpaces the server's
	// visibility writes, which it catches up on for a while after, and an
	// open loop then would measure that backlog rather than steady arrivals.
	inHalves("open", o.Ingest.OpenN, openLoop)
	closed := inHalves("closed", o.Ingest.N, closedLoop)
	r.Add(section, "ingest.closed.ratio_to_raw", "gateway throughput / raw token claim + start", ratio(closed["gateway"], closed["raw"]), "")
	r.Add(section, "ingest.closed.ratio_to_bare", "gateway throughput / bare StartWorkflow", ratio(closed["gateway"], closed["bare"]), "")
	r.Notef("ingest: N=%d closed at concurrency %d, %d open at %.0f/s, each kind in two halves in the order bare raw gateway gateway raw bare; opportunity ids exist nowhere in Lever, on a connection of their own; the worker takes each one's first workflow task; the %d assessments are terminated afterwards",
		o.Ingest.N, o.Ingest.Concurrency, o.Ingest.OpenN, o.Ingest.Rate, len(started))
	terminate(ctx, st, started, r)
}

func reversed[T any](list []T) []T {
	out := slices.Clone(list)
	slices.Reverse(out)
	return out
}

func ratio(a, b Summary) float64 {
	if b.PerSecond == 0 {
		return 0
	}
	return a.PerSecond / b.PerSecond
}

// terminate ends the assessments ingest started, so that no worker works
// on them later. One that is already closed or never started is fine.
func terminate(ctx context.Context, st Stack, opportunityIDs []string, r *Report) {
	s := ClosedLoop(ctx, len(opportunityIDs), 16, func(ctx context.Context, i int) error {
		id := workflows.AssessmentWorkflowID(st.ConnectionID, opportunityIDs[i])
		err := st.Temporal.TerminateWorkflow(ctx, id, "", "cjlever bench: ingest only")
		if _, gone := errors.AsType[*serviceerror.NotFound](err); gone {
			return nil
		}
		return err
	})
	if s.Errors > 0 {
		r.Errorf("terminating ingest's assessments: %d failed, first: %v", s.Errors, s.FirstError)
	}
}
