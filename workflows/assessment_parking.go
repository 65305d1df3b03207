package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"
)

// park stops the assessment for a person to fix what failed: CJ Error and a
// note (unless note is empty: the failing child wrote them, or there is no
// opportunity to write to), NeedsAttention with the reason, and a wait of
// Timing.AttentionWindow for ops to retry or dismiss. A failure while parked
// adds its reason to the ones before.
func (w *candidateAssessment) park(ctx workflow.Context, reason, note string) {
	if note != "" {
		reason = reportError(ctx, w.ref, note, reason, w.earlierRun)
	}
	w.logger.Warn("the assessment needs attention", "reason", reason)
	if w.parked {
		reason = w.status.Reason + "; " + reason
	} else {
		w.parked = true
		w.status.AttentionUntil = workflow.Now(ctx).Add(w.timing.AttentionWindow)
		w.startAttentionTimer(ctx)
	}
	w.moveTo(ctx, StateNeedsAttention, reason)
}

// startAttentionTimer bounds the wait for a decision; a decision cancels it.
func (w *candidateAssessment) startAttentionTimer(ctx workflow.Context) {
	timerCtx, cancel := workflow.WithCancel(ctx)
	w.stopAttention = cancel
	w.events.AddFuture(workflow.NewTimer(timerCtx, w.timing.AttentionWindow), func(f workflow.Future) {
		if f.Get(ctx, nil) == nil && w.parked {
			w.giveUp(ctx)
		}
	})
}

// unpark ends the wait for a decision.
func (w *candidateAssessment) unpark() {
	if w.stopAttention != nil {
		w.stopAttention()
		w.stopAttention = nil
	}
	w.parked = false
	w.status.AttentionUntil = time.Time{}
}

// giveUp: no decision came within the attention window. The assessment ends
// as Error once the tests still under way have finished.
func (w *candidateAssessment) giveUp(ctx workflow.Context) {
	reason := w.status.Reason
	w.logger.Warn("no ops decision within the attention window", "window", w.timing.AttentionWindow)
	w.event(ctx, "no decision within the attention window")
	w.unpark()
	w.verdict = &ending{state: StateError, reason: reason}
	if len(w.running) > 0 {
		w.moveTo(ctx, StateAwaitingResult, reason)
	}
}
