package worker

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/cjlever/cjlever/workflows"
)

// reconcileCatchupWindow: a run missed while Temporal was down is made up
// only if it is this recent; the next interval does the same work anyway.
const reconcileCatchupWindow = time.Minute

// ReconcileSchedules keeps a Temporal Schedule per served connection that
// starts its Reconcile workflow every interval (workflows.ReconcileScheduleID).
// Every worker process keeps them at once; that is harmless: a create that
// finds the schedule made, or a delete that finds it gone, did its job.
type ReconcileSchedules struct {
	schedules client.ScheduleClient
	interval  time.Duration
	timing    workflows.Timing

	mu sync.Mutex
	// refreshed: this process has brought the schedules that existed before
	// it to its interval and timing (once, on its first Sync).
	refreshed bool
}

// NewReconcileSchedules keeps schedules through c that reconcile every
// interval (0: workflows.DefaultReconcileInterval), starting assessments with
// timing.
func NewReconcileSchedules(c client.Client, interval time.Duration, timing workflows.Timing) *ReconcileSchedules {
	if interval <= 0 {
		interval = workflows.DefaultReconcileInterval
	}
	return &ReconcileSchedules{schedules: c.ScheduleClient(), interval: interval, timing: timing}
}

// Sync creates the schedule of each listed connection that has none and
// deletes the schedules of connections no longer listed (disabled, removed).
// Its first call also updates the existing ones to this process's settings.
func (rs *ReconcileSchedules) Sync(ctx context.Context, connectionIDs []string) error {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	existing, err := rs.existing(ctx)
	if err != nil {
		return err
	}
	for _, id := range existing {
		if !slices.Contains(connectionIDs, id) {
			if err := rs.delete(ctx, id); err != nil {
				return err
			}
		}
	}
	for _, id := range connectionIDs {
		switch {
		case !slices.Contains(existing, id):
			err = rs.create(ctx, id)
		case !rs.refreshed:
			err = rs.update(ctx, id)
		}
		if err != nil {
			return err
		}
	}
	rs.refreshed = true
	return nil
}

// existing lists the connections that have a reconciliation schedule.
func (rs *ReconcileSchedules) existing(ctx context.Context) ([]string, error) {
	iter, err := rs.schedules.List(ctx, client.ScheduleListOptions{})
	if err != nil {
		return nil, fmt.Errorf("listing the reconciliation schedules: %w", err)
	}
	var ids []string
	for iter.HasNext() {
		entry, err := iter.Next()
		if err != nil {
			return nil, fmt.Errorf("listing the reconciliation schedules: %w", err)
		}
		if id, ok := workflows.ConnectionOfReconcileSchedule(entry.ID); ok {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

func (rs *ReconcileSchedules) create(ctx context.Context, connectionID string) error {
	s := rs.schedule(connectionID)
	_, err := rs.schedules.Create(ctx, client.ScheduleOptions{
		ID: workflows.ReconcileScheduleID(connectionID), Spec: *s.Spec, Action: s.Action,
		Overlap: s.Policy.Overlap, CatchupWindow: s.Policy.CatchupWindow,
	})
	if err != nil && !errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		return fmt.Errorf("creating the reconciliation schedule of connection %q: %w", connectionID, err)
	}
	return nil
}

// update sets the schedule's interval, action and policies to this
// process's, keeping its state (an operator may have paused it).
func (rs *ReconcileSchedules) update(ctx context.Context, connectionID string) error {
	err := rs.schedules.GetHandle(ctx, workflows.ReconcileScheduleID(connectionID)).Update(ctx, client.ScheduleUpdateOptions{
		DoUpdate: func(in client.ScheduleUpdateInput) (*client.ScheduleUpdate, error) {
			s := rs.schedule(connectionID)
			s.State = in.Description.Schedule.State
			return &client.ScheduleUpdate{Schedule: &s}, nil
		},
	})
	if err != nil && !isNotFound(err) {
		return fmt.Errorf("updating the reconciliation schedule of connection %q: %w", connectionID, err)
	}
	return nil
}

func (rs *ReconcileSchedules) delete(ctx context.Context, connectionID string) error {
	err := rs.schedules.GetHandle(ctx, workflows.ReconcileScheduleID(connectionID)).Delete(ctx)
	if err != nil && !isNotFound(err) {
		return fmt.Errorf("deleting the reconciliation schedule of connection %q: %w", connectionID, err)
	}
	return nil
}

// schedule is the connection's schedule as this process would make it: a
// Reconcile every interval, skipped while the last one still runs.
func (rs *ReconcileSchedules) schedule(connectionID string) client.Schedule {
	return client.Schedule{
		Spec: &client.ScheduleSpec{Intervals: []client.ScheduleIntervalSpec{{Every: rs.interval}}},
		Action: &client.ScheduleWorkflowAction{
			ID:        workflows.ReconcileScheduleID(connectionID),
			Workflow:  workflows.ReconcileWorkflowName,
			Args:      []any{workflows.ReconcileInput{ConnectionID: connectionID, Timing: rs.timing}},
			TaskQueue: workflows.TaskQueue,
		},
		Policy: &client.SchedulePolicies{
			Overlap:       enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
			CatchupWindow: reconcileCatchupWindow,
		},
	}
}

func isNotFound(err error) bool {
	var nf *serviceerror.NotFound
	return errors.As(err, &nf)
}
