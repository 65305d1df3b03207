package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"go.temporal.io/sdk/client"

	"github.com/cjlever/cjlever/workflows"
)

// readinessTimeout bounds one readiness check: an orchestrator's probe waits
// for the answer.
const readinessTimeout = 3 * time.Second

// readinessProbeWorkflowID names a workflow that never exists: asking for it
// reaches the history service, which answers NotFound when it is up.
const readinessProbeWorkflowID = "cjlever-readiness-probe"

// temporalCanDispatch is nil when Temporal can take and dispatch a workflow
// task on cjlever's task queue: the frontend answers, and through it the
// matching service (the task queue) and the history service (executions).
// gRPC health alone says only that the frontend listens: after a restart it
// answered while matching and history were not up yet.
//
// The gateway's owner is adding the same check as readiness.Check(ctx, c) in
// package readiness; once merged, this body becomes that one call.
func temporalCanDispatch(ctx context.Context, c client.Client) error {
	if _, err := c.CheckHealth(ctx, &client.CheckHealthRequest{}); err != nil {
		return fmt.Errorf("temporal frontend: %w", err)
	}
	if _, err := taskQueuePollers(ctx, c); err != nil {
		return err
	}
	_, err := c.DescribeWorkflowExecution(ctx, readinessProbeWorkflowID, "")
	if _, notFound := errors.AsType[*serviceerror.NotFound](err); err != nil && !notFound {
		return fmt.Errorf("temporal history service: %w", err)
	}
	return nil
}

// workerReady is a worker's readiness: Temporal can dispatch, and this
// worker's pollers have reached the task queue, so tasks come to it.
func workerReady(ctx context.Context, c client.Client, identity string) error {
	ctx, cancel := context.WithTimeout(ctx, readinessTimeout)
	defer cancel()
	if err := temporalCanDispatch(ctx, c); err != nil {
		return err
	}
	pollers, err := taskQueuePollers(ctx, c)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(pollers, func(p *taskqueuepb.PollerInfo) bool { return p.GetIdentity() == identity }) {
		return fmt.Errorf("worker %s is not polling task queue %s yet", identity, workflows.TaskQueue)
	}
	return nil
}

// taskQueuePollers asks the matching service for the workflow task queue's
// recent pollers.
func taskQueuePollers(ctx context.Context, c client.Client) ([]*taskqueuepb.PollerInfo, error) {
	resp, err := c.DescribeTaskQueue(ctx, workflows.TaskQueue, enumspb.TASK_QUEUE_TYPE_WORKFLOW)
	if err != nil {
		return nil, fmt.Errorf("temporal matching service (task queue %s): %w", workflows.TaskQueue, err)
	}
	return resp.GetPollers(), nil
}
