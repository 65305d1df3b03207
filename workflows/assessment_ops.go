package workflows

import (
	"errors"
	"fmt"
	"strings"

	"go.temporal.io/sdk/workflow"
)

// ActorStageChangeAgain is who retries a parked assessment when a recruiter
// moves the candidate into the trigger stage again.
const ActorStageChangeAgain = "recruiter (moved into the trigger stage again)"

// opsDecision is an accepted ops Update on its way from its handler to the
// loop, which carries it out and marks it done.
type opsDecision struct {
	update string // RetryUpdate or DismissUpdate
	req    OpsRequest
	done   bool
	err    error
}

// handleQueryAndUpdates answers the status query and takes the ops Updates.
func (w *candidateAssessment) handleQueryAndUpdates(ctx workflow.Context) error {
	if err := workflow.SetQueryHandler(ctx, StatusQuery, func() (AssessmentStatus, error) { return w.status, nil }); err != nil {
		return err
	}
	for _, update := range []string{RetryUpdate, DismissUpdate} {
		err := workflow.SetUpdateHandlerWithOptions(ctx, update, w.acceptDecision(update),
			workflow.UpdateHandlerOptions{Validator: w.validateDecision(update)})
		if err != nil {
			return err
		}
	}
	return nil
}

// validateDecision refuses an ops decision the assessment cannot take now,
// so the caller learns at once and nothing enters the history.
func (w *candidateAssessment) validateDecision(update string) func(workflow.Context, OpsRequest) error {
	return func(_ workflow.Context, req OpsRequest) error {
		switch {
		case !w.parked:
			return fmt.Errorf("the assessment is %s, not %s: only a parked assessment can be retried or dismissed",
				w.status.State, StateNeedsAttention)
		case w.deciding:
			return errors.New("another ops decision on this assessment is being carried out")
		case strings.TrimSpace(req.Actor) == "":
			return errors.New("say who acts (Actor)")
		case update == DismissUpdate && strings.TrimSpace(req.Reason) == "":
			return errors.New("a dismissal needs a reason")
		}
		return nil
	}
}

// acceptDecision hands an accepted decision to the loop and answers with the
// status once it is carried out.
func (w *candidateAssessment) acceptDecision(update string) func(workflow.Context, OpsRequest) (AssessmentStatus, error) {
	return func(ctx workflow.Context, req OpsRequest) (AssessmentStatus, error) {
		w.deciding = true
		d := &opsDecision{update: update, req: req}
		w.decisions.Send(ctx, d)
		if err := workflow.Await(ctx, func() bool { return d.done }); err != nil {
			return w.status, err
		}
		return w.status, d.err
	}
}

// decide carries out an ops decision. Its Update answers once the decision
// is taken, before any call to Lever or Codejudge: an outage must not hold
// the caller.
func (w *candidateAssessment) decide(ctx workflow.Context, d *opsDecision) {
	taken := func() { d.done, w.deciding = true, false }
	if !w.parked {
		d.err = fmt.Errorf("the assessment is %s: nothing to decide", w.status.State)
		taken()
		return
	}
	if d.update == DismissUpdate {
		w.dismiss(ctx, d.req, taken)
		return
	}
	w.retry(ctx, d.req, taken)
}

// refusePendingDecisions answers decisions the ending run will not carry out.
func (w *candidateAssessment) refusePendingDecisions() {
	for {
		var d *opsDecision
		if !w.decisions.ReceiveAsync(&d) {
			return
		}
		d.err, d.done = errors.New("the assessment ended before the decision was carried out"), true
	}
}

// movedAgain: a recruiter moved the candidate into the trigger stage again.
// A parked assessment retries; one under way carries on.
func (w *candidateAssessment) movedAgain(ctx workflow.Context, again AssessmentInput) {
	if !w.parked || w.deciding {
		w.logger.Info("the candidate was moved into the trigger stage again; the assessment is under way, nothing to retry")
		w.event(ctx, "moved into the trigger stage again; nothing to retry")
		return
	}
	w.in.TriggerStageID, w.in.EventTriggeredAt = again.TriggerStageID, again.EventTriggeredAt
	w.retry(ctx, OpsRequest{Actor: ActorStageChangeAgain}, func() {})
}

// retry notes who retried, removes CJ Error and tries again from the
// opportunity: re-read, re-resolve the tags, invite the tests that need it.
// taken is called once the decision is recorded, before the first call out.
func (w *candidateAssessment) retry(ctx workflow.Context, req OpsRequest, taken func()) {
	w.logger.Info("retrying the parked assessment", "actor", req.Actor, "reason", req.Reason)
	w.event(ctx, opsEventText(req.Actor, "retried", req.Reason))
	w.unpark()
	w.verdict = nil
	w.moveTo(ctx, StateResolving, "")
	taken()
	if err := addNote(ctx, w.ref, retriedNote(req), false); err != nil {
		w.logger.Warn("could not note the retry", "error", err)
	}
	if err := removeTags(ctx, w.ref, TagError); err != nil {
		w.logger.Warn("could not remove the CJ Error tag", "error", err)
	}
	w.attempt(ctx, false)
}

// dismiss notes who dismissed the parked assessment and why. Nothing more is
// sent; tests under way finish, then the assessment ends Dismissed. taken is
// called once the decision is recorded, before the note is written.
func (w *candidateAssessment) dismiss(ctx workflow.Context, req OpsRequest, taken func()) {
	w.logger.Info("dismissing the parked assessment", "actor", req.Actor, "reason", req.Reason)
	w.event(ctx, opsEventText(req.Actor, "dismissed", req.Reason))
	w.unpark()
	reason := "dismissed by " + req.Actor + ": " + req.Reason
	w.verdict = &ending{state: StateDismissed, reason: reason}
	if len(w.running) > 0 {
		w.moveTo(ctx, StateAwaitingResult, reason)
	} else {
		w.moveTo(ctx, StateDismissed, reason)
	}
	taken()
	if err := addNote(ctx, w.ref, dismissedNote(req), false); err != nil {
		w.logger.Warn("could not note the dismissal", "error", err)
	}
}

func opsEventText(actor, did, reason string) string {
	text := actor + " " + did
	if reason != "" {
		text += ": " + reason
	}
	return text
}
