package ops

import (
	"context"
	"fmt"

	"github.com/cjlever/cjlever/workflows"
)

// Detail is one assessment's latest run: what Temporal knows of the run and
// what the workflow's status query says.
type Detail struct {
	Summary
	// Status is the status query's answer; nil when it could not be had
	// (StatusError says why), e.g. a run that failed before it answered.
	Status      *workflows.AssessmentStatus `json:",omitempty"`
	StatusError string                      `json:",omitempty"`
}

// Show describes the assessment's latest run, running or closed, and asks it
// for its status (a closed run answers too, replayed by a worker).
func (s *Service) Show(ctx context.Context, ref Ref) (Detail, error) {
	ref, err := s.Resolve(ctx, ref)
	if err != nil {
		return Detail{}, err
	}
	id := ref.WorkflowID()
	desc, err := s.temporal.DescribeWorkflowExecution(ctx, id, "")
	if err != nil {
		if isNotFound(err) {
			return Detail{}, errNoSuchAssessment(id)
		}
		return Detail{}, fmt.Errorf("describing %s: %w", id, err)
	}
	d := Detail{Summary: summaryOf(desc.GetWorkflowExecutionInfo())}
	v, err := s.temporal.QueryWorkflow(ctx, id, d.RunID, workflows.StatusQuery)
	if err == nil {
		var st workflows.AssessmentStatus
		if err = v.Get(&st); err == nil {
			d.Status = &st
		}
	}
	if err != nil {
		d.StatusError = err.Error()
	}
	return d, nil
}

// errNoSuchAssessment is ErrNotFound for a workflow id Temporal does not know.
func errNoSuchAssessment(workflowID string) error {
	return fmt.Errorf("%w: %s", ErrNotFound, workflowID)
}
