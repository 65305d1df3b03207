package ops

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/cjlever/cjlever/workflows"
)

// Retry asks a parked assessment to try again (workflows.RetryUpdate).
// ErrRefused when it is not parked or has ended, ErrNotFound when there is
// no such assessment.
func (s *Service) Retry(ctx context.Context, ref Ref, req workflows.OpsRequest) (workflows.AssessmentStatus, error) {
	return s.decide(ctx, ref, workflows.RetryUpdate, req)
}

// Dismiss ends a parked assessment as Dismissed (workflows.DismissUpdate); a
// reason is required, for the note on the opportunity.
func (s *Service) Dismiss(ctx context.Context, ref Ref, req workflows.OpsRequest) (workflows.AssessmentStatus, error) {
	if err := ValidateReason(req.Reason); err != nil {
		return workflows.AssessmentStatus{}, err
	}
	return s.decide(ctx, ref, workflows.DismissUpdate, req)
}

// decide sends one ops Update, waits for its result and audits it.
func (s *Service) decide(ctx context.Context, ref Ref, update string, req workflows.OpsRequest) (workflows.AssessmentStatus, error) {
	if req.Actor == "" {
		return workflows.AssessmentStatus{}, fmt.Errorf("%w: an actor is required", ErrInvalid)
	}
	ref, err := s.Resolve(ctx, ref)
	if err != nil {
		s.audit(ctx, req.Actor, update, workflows.AssessmentWorkflowID(ref.Connection, ref.Opportunity), err)
		return workflows.AssessmentStatus{}, err
	}
	st, err := s.update(ctx, ref.WorkflowID(), update, req)
	s.audit(ctx, req.Actor, update, ref.WorkflowID(), err)
	return st, err
}

// update sends the Update to the current run and classifies its failure: a
// validator's refusal or a closed run is ErrRefused, no run at all
// ErrNotFound.
func (s *Service) update(ctx context.Context, workflowID, update string, req workflows.OpsRequest) (workflows.AssessmentStatus, error) {
	var st workflows.AssessmentStatus
	h, err := s.temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: workflowID, UpdateName: update, Args: []any{req},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = h.Get(ctx, &st)
	}
	if _, refused := errors.AsType[*temporal.ApplicationError](err); refused {
		return st, fmt.Errorf("%w: %w", ErrRefused, err)
	}
	if isNotFound(err) {
		return st, s.whyNotRunning(ctx, workflowID)
	}
	if err != nil {
		return st, fmt.Errorf("%s on %s: %w", update, workflowID, err)
	}
	return st, nil
}

// whyNotRunning tells an assessment that has ended (ErrRefused) from one
// that never was (ErrNotFound), both of which an Update finds NotFound.
func (s *Service) whyNotRunning(ctx context.Context, workflowID string) error {
	desc, err := s.temporal.DescribeWorkflowExecution(ctx, workflowID, "")
	switch {
	case isNotFound(err):
		return errNoSuchAssessment(workflowID)
	case err != nil:
		return fmt.Errorf("describing %s: %w", workflowID, err)
	}
	return fmt.Errorf("%w: %s has ended (%s)", ErrRefused, workflowID, desc.GetWorkflowExecutionInfo().GetStatus())
}

func isNotFound(err error) bool {
	_, nf := errors.AsType[*serviceerror.NotFound](err)
	return nf
}

// Outcome is what RetryAll did to one assessment.
type Outcome struct {
	WorkflowID  string
	Connection  string
	Opportunity string
	// Result is OutcomeRetried, OutcomeRefused or OutcomeError.
	Result string
	Error  string `json:",omitempty"`
}

// RetryAll results.
const (
	OutcomeRetried = "retried"
	OutcomeRefused = "refused: not parked"
	OutcomeError   = "error"
)

// RetryAll retries every running assessment the filter selects, one by one,
// paced (Options.RetryAllPerSecond), and says what happened to each. A
// failure of one does not stop the others; the error is for the listing or
// a cancelled ctx.
func (s *Service) RetryAll(ctx context.Context, f Filter, actor string) ([]Outcome, error) {
	f.RunningOnly = true
	runs, err := s.List(ctx, f)
	if err != nil {
		return nil, err
	}
	pace := s.pacer()
	var out []Outcome
	for _, r := range runs {
		if err := pace.Wait(ctx); err != nil {
			return out, err
		}
		_, err := s.decide(ctx, Ref{Connection: r.Connection, Opportunity: r.Opportunity}, workflows.RetryUpdate, workflows.OpsRequest{Actor: actor})
		out = append(out, outcomeOf(r, err))
	}
	return out, nil
}

func outcomeOf(r Summary, err error) Outcome {
	o := Outcome{WorkflowID: r.WorkflowID, Connection: r.Connection, Opportunity: r.Opportunity, Result: OutcomeRetried}
	switch {
	case errors.Is(err, ErrRefused):
		o.Result, o.Error = OutcomeRefused, err.Error()
	case err != nil:
		o.Result, o.Error = OutcomeError, err.Error()
	}
	return o
}
