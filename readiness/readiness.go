// Package readiness answers a /readyz probe for both of cjlever's roles: the
// gateway and the worker can only do their job while Temporal can dispatch
// workflow tasks, so both ask it the same way and answer the same JSON.
package readiness

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"go.temporal.io/sdk/client"

	"github.com/cjlever/cjlever/workflows"
)

// ErrStarting is a check's answer while its process is still starting.
var ErrStarting = errors.New("starting")

// Check is nil when Temporal can take and dispatch a workflow task on
// cjlever's task queue: the frontend answers, and through it the matching
// service (the task queue) and the history service (executions). gRPC health
// alone says only that the frontend listens: after a restart it answered
// while matching and history were not up yet, and webhooks acknowledged then
// waited for a minute.
//
// It sets no deadline of its own: only the caller knows how long its prober
// waits (Handler's timeout, a kubelet's timeoutSeconds), and an answer that
// comes after the prober gave up is worth nothing.
func Check(ctx context.Context, c client.Client) error {
	_, err := dispatchable(ctx, c)
	return err
}

// CheckWorker is a worker's readiness: Temporal can dispatch, and the worker
// with this identity polls the task queue, so tasks come to it.
func CheckWorker(ctx context.Context, c client.Client, identity string) error {
	pollers, err := dispatchable(ctx, c)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(pollers, func(p *taskqueuepb.PollerInfo) bool { return p.GetIdentity() == identity }) {
		return fmt.Errorf("worker %s is not polling task queue %s yet", identity, workflows.TaskQueue)
	}
	return nil
}

// dispatchable asks the frontend, the matching service and the history
// service in turn, and returns the task queue's recent pollers.
func dispatchable(ctx context.Context, c client.Client) ([]*taskqueuepb.PollerInfo, error) {
	if _, err := c.CheckHealth(ctx, &client.CheckHealthRequest{}); err != nil {
		return nil, fmt.Errorf("temporal frontend: %w", err)
	}
	pollers, err := taskQueuePollers(ctx, c)
	if err != nil {
		return nil, err
	}
	_, err = c.DescribeWorkflowExecution(ctx, probeWorkflowID, "")
	if _, notFound := errors.AsType[*serviceerror.NotFound](err); err != nil && !notFound {
		return nil, fmt.Errorf("temporal history service: %w", err)
	}
	return pollers, nil
}

// probeWorkflowID names a workflow that never exists: asking for it reaches
// the history service, which answers NotFound when it is up.
const probeWorkflowID = "cjlever-readiness-probe"

// taskQueuePollers asks the matching service for the workflow task queue's
// recent pollers.
func taskQueuePollers(ctx context.Context, c client.Client) ([]*taskqueuepb.PollerInfo, error) {
	resp, err := c.DescribeTaskQueue(ctx, workflows.TaskQueue, enumspb.TASK_QUEUE_TYPE_WORKFLOW)
	if err != nil {
		return nil, fmt.Errorf("temporal matching service (task queue %s): %w", workflows.TaskQueue, err)
	}
	return resp.GetPollers(), nil
}

// Timeout bounds one /readyz check, for every role: orchestrators' probes
// wait a few seconds (`cjlever probe` waits 4), and an answer after they gave
// up is worth nothing.
const Timeout = 3 * time.Second

// Handler serves GET /readyz: 200 {"status":"ready"} when check passes within
// timeout; 503 {"status":"starting"} and an info line while check answers
// ErrStarting; otherwise 503 {"error":"temporal unavailable"} and a warning
// on log. The reply names no cause: the error may describe our network to
// whoever can reach the probe, so it goes to the log only.
func Handler(check func(context.Context) error, timeout time.Duration, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		err := check(ctx)
		switch {
		case errors.Is(err, ErrStarting):
			// Expected for a moment at every start: not a warning.
			log.InfoContext(r.Context(), "not ready yet", "reason", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "starting"})
			return
		case err != nil:
			log.WarnContext(r.Context(), "not ready", "error", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "temporal unavailable"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
}

func writeJSON(w http.ResponseWriter, status int, body map[string]string) {
	b, _ := json.Marshal(body) // a map of strings always marshals
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
