package workflows

import (
	"fmt"
	"strings"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// listen builds the one selector the loop waits on. Every source stays on it
// for the whole run and each Select takes one event, so a stream of one kind
// (status reports, say) cannot starve another: the children's completions
// and the attention timer are added as they start.
func (w *candidateAssessment) listen(ctx workflow.Context) {
	w.events = workflow.NewSelector(ctx)
	w.events.AddReceive(workflow.GetSignalChannel(ctx, TestStatusSignal), func(c workflow.ReceiveChannel, _ bool) {
		var s TestStatus
		c.Receive(ctx, &s)
		w.testStatusReported(ctx, s)
	})
	w.events.AddReceive(workflow.GetSignalChannel(ctx, StageChangeAgainSignal), func(c workflow.ReceiveChannel, _ bool) {
		var again AssessmentInput
		c.Receive(ctx, &again)
		w.movedAgain(ctx, again)
	})
	w.events.AddReceive(workflow.GetSignalChannel(ctx, OpportunityArchivedSignal), func(c workflow.ReceiveChannel, _ bool) {
		c.Receive(ctx, nil)
		w.forwardArchived(ctx)
	})
	w.events.AddReceive(w.decisions, func(c workflow.ReceiveChannel, _ bool) {
		var d *opsDecision
		c.Receive(ctx, &d)
		w.decide(ctx, d)
	})
	// A cancellation wakes the loop, which then ends.
	w.events.AddReceive(ctx.Done(), func(workflow.ReceiveChannel, bool) {})
}

// loop handles events until every child has finished and nothing is parked,
// or the run is cancelled.
func (w *candidateAssessment) loop(ctx workflow.Context) {
	for ctx.Err() == nil && (w.parked || len(w.running) > 0) {
		w.events.Select(ctx)
	}
}

// end records how the assessment ended, once the ops Updates under way have
// answered.
func (w *candidateAssessment) end(ctx workflow.Context) (AssessmentStatus, error) {
	w.refusePendingDecisions()
	if ctx.Err() != nil {
		return w.status, temporal.NewCanceledError("the assessment was cancelled")
	}
	verdict := ending{state: overallState(w.status.Tests), reason: summarize(w.status.Tests)}
	if w.verdict != nil {
		verdict = *w.verdict
	}
	status, err := w.finish(ctx, verdict.state, verdict.reason)
	_ = workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
	return status, err
}

// finish records the final state. Error, Skipped and Dismissed end the run as
// failed (with a non-retryable error): the workflow id reuse policy lets only
// a failed run be started again, and a recruiter who later moves the
// candidate into the trigger stage must get an assessment. An Error stands
// out in the UI too.
func (w *candidateAssessment) finish(ctx workflow.Context, state State, reason string) (AssessmentStatus, error) {
	w.moveTo(ctx, state, reason)
	errType, what := "", ""
	switch state {
	case StateError:
		errType, what = ErrTypeAssessmentFailed, "failed"
	case StateSkipped:
		errType, what = ErrTypeAssessmentSkipped, "skipped, nothing was sent"
	case StateDismissed:
		errType, what = ErrTypeAssessmentDismissed, "dismissed"
	default:
		return w.status, nil
	}
	return w.status, temporal.NewNonRetryableApplicationError(
		fmt.Sprintf("assessment for opportunity %s %s: %s", w.status.OpportunityID, what, reason), errType, nil, w.status)
}

// overallState: any error is an error; an archived opportunity cancels the
// whole; otherwise any test the candidate did not finish makes the whole
// NotFinished, or Expired when the invites expired.
func overallState(tests []TestStatus) State {
	for _, rank := range []State{StateError, StateCancelled, StateNotFinished, StateExpired} {
		for _, t := range tests {
			if t.State == rank {
				return rank
			}
		}
	}
	return StateCompleted
}

func summarize(tests []TestStatus) string {
	var parts []string
	for _, t := range tests {
		if t.Reason != "" {
			parts = append(parts, t.TestID+": "+t.Reason)
		}
	}
	return strings.Join(parts, "; ")
}

// hasTag reports whether tags hold tag; Lever compares tags without case.
func hasTag(tags []string, tag string) bool {
	for _, t := range tags {
		if strings.EqualFold(strings.TrimSpace(t), tag) {
			return true
		}
	}
	return false
}
