package bench

import (
	"context"
	"errors"
	"fmt"
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
	measure := func(loop string, kind ingestKind, n int, drive func(int, Op) Sample) Summary {
		id := func(i int) string { return fmt.Sprintf("%s-%s-%s-%d", run, loop, kind.key, i) }
		sample := drive(n, func(ctx context.Context, i int) error { return kind.start(ctx, id(i)) })
		for i := range n {
			started = append(started, id(i))
		}
		return r.addSummary(section, "ingest."+loop+"."+kind.key, loop+" "+kind.label, sample)
	}
	kinds := ingestKinds(st, sender)
	for _, k := range kinds {
		measure("warmup", k, o.Ingest.Warmup, func(n int, op Op) Sample { return ClosedLoop(ctx, n, o.Ingest.Concurrency, op) })
	}
	closed := map[string]Summary{}
	for _, k := range kinds {
		closed[k.key] = measure("closed", k, o.Ingest.N, func(n int, op Op) Sample { return ClosedLoop(ctx, n, o.Ingest.Concurrency, op) })
	}
	for _, k := range kinds {
		measure("open", k, o.Ingest.OpenN, func(n int, op Op) Sample { return OpenLoop(ctx, n, o.Ingest.Rate, op) })
	}
	r.Add(section, "ingest.closed.ratio_to_raw", "gateway throughput / raw token claim + start", ratio(closed["gateway"], closed["raw"]), "")
	r.Add(section, "ingest.closed.ratio_to_bare", "gateway throughput / bare StartWorkflow", ratio(closed["gateway"], closed["bare"]), "")
	r.Notef("ingest: N=%d closed at concurrency %d, %d open at %.0f/s; opportunity ids exist nowhere in Lever, on a connection of their own; the worker takes each one's first workflow task; the %d assessments are terminated afterwards",
		o.Ingest.N, o.Ingest.Concurrency, o.Ingest.OpenN, o.Ingest.Rate, len(started))
	terminate(ctx, st, started, r)
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
