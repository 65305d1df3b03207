package connections

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/cjlever/cjlever/workflows"
)

// record queries the connection's workflow. A workflow that was started but
// never given a connection (a refused create) is no connection either.
func (d *Directory) record(ctx context.Context, id string) (workflows.ConnectionRecord, error) {
	var rec workflows.ConnectionRecord
	v, err := d.temporal.QueryWorkflow(ctx, workflows.ConnectionWorkflowID(id), "", workflows.ConnectionQuery)
	if err != nil {
		return rec, d.translate(id, err)
	}
	if err := v.Get(&rec); err != nil {
		return rec, fmt.Errorf("reading connection %s: %w", id, err)
	}
	if rec.Version == 0 {
		return rec, fmt.Errorf("connection %q: %w", id, ErrNotFound)
	}
	return rec, nil
}

// update runs an update on a running connection and waits for its outcome.
func (d *Directory) update(ctx context.Context, id, name string, out any, args ...any) error {
	defer d.forget(id)
	h, err := d.temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: workflows.ConnectionWorkflowID(id), UpdateName: name, Args: args,
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = h.Get(ctx, out)
	}
	return d.translate(id, err)
}

// updateWithStart starts the connection's workflow if it is not running,
// then runs the update, in one call.
func (d *Directory) updateWithStart(ctx context.Context, id, name string, args ...any) error {
	defer d.forget(id)
	start := d.temporal.NewWithStartWorkflowOperation(client.StartWorkflowOptions{
		ID:                       workflows.ConnectionWorkflowID(id),
		TaskQueue:                workflows.TaskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		TypedSearchAttributes:    temporal.NewSearchAttributes(workflows.SearchAttrConnection.ValueSet(id)),
	}, workflows.ConnectionWorkflowName, workflows.ConnectionInput{ID: id})
	h, err := d.temporal.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: start,
		UpdateOptions: client.UpdateWorkflowOptions{UpdateName: name, Args: args,
			WaitForStage: client.WorkflowUpdateStageCompleted},
	})
	if err == nil {
		err = h.Get(ctx, nil)
	}
	return d.translate(id, err)
}

// translate maps Temporal's answers to the Directory's errors: an unknown
// workflow is ErrNotFound, a validator's refusal ErrInvalid with its
// message. Other application errors (a refused token, a disabled
// connection) keep their *temporal.ApplicationError for errors.As.
func (d *Directory) translate(id string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errors.AsType[*serviceerror.NotFound](err); ok {
		return fmt.Errorf("connection %q: %w", id, ErrNotFound)
	}
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) && appErr.Type() == workflows.ErrTypeConnectionInvalid {
		return invalidError{msg: appErr.Message()}
	}
	return err
}

// invalidError is a refusal a person can read.
type invalidError struct{ msg string }

func (e invalidError) Error() string        { return e.msg }
func (e invalidError) Is(target error) bool { return target == ErrInvalid }

// invalidf is a refusal found before asking the workflow.
func invalidf(format string, args ...any) error {
	return invalidError{msg: fmt.Sprintf(format, args...)}
}
