package workflows

import (
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// connection is one run of a Connection entity workflow: its record, the
// locks that serialise its handlers, and a logger tagged with its id.
type connection struct {
	id     string
	rec    ConnectionRecord
	logger log.Logger
	// changes serialises the handlers that change settings; tokens
	// serialises everything that reads or refreshes the Lever grant, so
	// exactly one refresh is in flight however many callers ask. Two locks,
	// not one: disable holds changes while the connection's assessments
	// still write their last notes, which needs tokens.
	changes workflow.Mutex
	tokens  workflow.Mutex
}

// Connection holds one connection's settings and Lever grant for as long as
// the connection exists. Every change is an update with a validator, so a
// refused change leaves no trace; the connection query reads the record. It
// continues as new before its history grows large, carrying the record.
func Connection(ctx workflow.Context, in ConnectionInput) error {
	w := &connection{
		id:      in.ID,
		rec:     ConnectionRecord{Settings: ConnectionSettings{ID: in.ID}, State: ConnectionNotConnected},
		logger:  log.With(workflow.GetLogger(ctx), "connection", in.ID),
		changes: workflow.NewMutex(ctx),
		tokens:  workflow.NewMutex(ctx),
	}
	if in.Record != nil {
		w.rec = *in.Record
	}
	if err := workflow.SetQueryHandler(ctx, ConnectionQuery, func() (ConnectionRecord, error) { return w.rec, nil }); err != nil {
		return err
	}
	if err := workflow.UpsertTypedSearchAttributes(ctx, SearchAttrConnection.ValueSet(in.ID)); err != nil {
		w.logger.Warn("could not record the connection id", "error", err)
	}
	if err := w.setUpdateHandlers(ctx); err != nil {
		return err
	}
	if err := w.followState(ctx); err != nil {
		return err
	}
	// Let running handlers finish, so no update is lost across runs.
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return err
	}
	w.logger.Info("continuing as new", "version", w.rec.Version)
	rec := w.rec
	return workflow.NewContinueAsNewError(ctx, ConnectionWorkflowName, ConnectionInput{ID: w.id, Record: &rec})
}

// historyIsLong tells when to continue as new.
func (w *connection) historyIsLong(ctx workflow.Context) bool {
	info := workflow.GetInfo(ctx)
	return info.GetContinueAsNewSuggested() || info.GetCurrentHistoryLength() >= connectionHistoryEventsCap
}

// changed records a change: a new version, now.
func (w *connection) changed(ctx workflow.Context) {
	w.rec.Version++
	w.rec.UpdatedAt = workflow.Now(ctx)
}

// invalid is a validator's refusal, worded for an admin.
func invalid(msg string) error {
	return temporal.NewNonRetryableApplicationError(msg, ErrTypeConnectionInvalid, nil)
}

// setUpdateHandlers registers every update with its validator.
func (w *connection) setUpdateHandlers(ctx workflow.Context) error {
	handlers := []struct {
		name      string
		handler   any
		validator any
	}{
		{ApplyConnectionUpdate, w.apply, w.validateApply},
		{CreateConnectionUpdate, w.create, w.validateCreate},
		{BeginOAuthUpdate, w.beginOAuth, w.validateBeginOAuth},
		{CompleteOAuthUpdate, w.completeOAuth, w.validateCompleteOAuth},
		{SaveConnectionUpdate, w.save, w.validateSave},
		{RegisterWebhooksUpdate, w.registerWebhooks, w.validateRegisterWebhooks},
		{DisableConnectionUpdate, w.disable, w.validateDisable},
		{LeverTokenUpdate, w.leverToken, w.validateLeverToken},
	}
	for _, h := range handlers {
		err := workflow.SetUpdateHandlerWithOptions(ctx, h.name, h.handler, workflow.UpdateHandlerOptions{Validator: h.validator})
		if err != nil {
			return err
		}
	}
	return nil
}

// lock takes m for the rest of a handler; the caller defers the unlock.
func lock(ctx workflow.Context, m workflow.Mutex) (unlock func(), err error) {
	if err := m.Lock(ctx); err != nil {
		return nil, err
	}
	return m.Unlock, nil
}
