package readiness

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	taskqueuepb "go.temporal.io/api/taskqueue/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
)

// temporalStub answers the calls Check makes; any other method panics (the
// embedded interface is nil), which is the point.
type temporalStub struct {
	client.Client
	healthErr, matchingErr, historyErr error
	pollers                            []string
	deadline                           bool
}

func (h *temporalStub) CheckHealth(ctx context.Context, _ *client.CheckHealthRequest) (*client.CheckHealthResponse, error) {
	_, h.deadline = ctx.Deadline()
	return &client.CheckHealthResponse{}, h.healthErr
}

func (h *temporalStub) DescribeTaskQueue(context.Context, string, enumspb.TaskQueueType) (*workflowservice.DescribeTaskQueueResponse, error) {
	resp := &workflowservice.DescribeTaskQueueResponse{}
	for _, id := range h.pollers {
		resp.Pollers = append(resp.Pollers, &taskqueuepb.PollerInfo{Identity: id})
	}
	return resp, h.matchingErr
}

func (h *temporalStub) DescribeWorkflowExecution(context.Context, string, string) (*workflowservice.DescribeWorkflowExecutionResponse, error) {
	if h.historyErr != nil {
		return nil, h.historyErr
	}
	return nil, serviceerror.NewNotFound("no such workflow") // what a healthy history service says
}

func TestCheck(t *testing.T) {
	c := &temporalStub{}
	if err := Check(context.Background(), c); err != nil {
		t.Fatalf("healthy: %v", err)
	}
	if c.deadline {
		t.Fatal("Check added a deadline of its own")
	}
	down := serviceerror.NewUnavailable("down")
	for name, stub := range map[string]*temporalStub{
		"frontend": {healthErr: down},
		"matching": {matchingErr: down},
		"history":  {historyErr: down},
	} {
		if err := Check(context.Background(), stub); !errors.Is(err, down) {
			t.Fatalf("%s down: %v, want %v", name, err, down)
		}
	}
}

func TestCheckWorker(t *testing.T) {
	c := &temporalStub{pollers: []string{"other@host", "me@host"}}
	if err := CheckWorker(context.Background(), c, "me@host"); err != nil {
		t.Fatalf("polling: %v", err)
	}
	if err := CheckWorker(context.Background(), c, "absent@host"); err == nil {
		t.Fatal("a worker that does not poll is ready")
	}
}

// get serves one GET /readyz over HTTP and decodes the JSON answer.
func get(t *testing.T, h http.Handler) (int, map[string]string) {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q", ct)
	}
	var body map[string]string
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatalf("body %q: %v", raw, err)
	}
	return resp.StatusCode, body
}

func TestHandler(t *testing.T) {
	var logs strings.Builder
	log := slog.New(slog.NewTextHandler(&logs, nil))
	ready := func(context.Context) error { return nil }
	if status, body := get(t, Handler(ready, time.Second, log)); status != http.StatusOK || body["status"] != "ready" {
		t.Fatalf("ready: %d %v", status, body)
	}

	down := func(context.Context) error { return errors.New("dial tcp 10.0.0.7:7233: refused") }
	status, body := get(t, Handler(down, time.Second, log))
	if status != http.StatusServiceUnavailable || body["error"] != "temporal unavailable" {
		t.Fatalf("down: %d %v", status, body)
	}
	if !strings.Contains(logs.String(), "10.0.0.7") {
		t.Fatalf("the cause is not logged: %q", logs.String())
	}
}

// A process still starting answers 503 "starting" and logs no warning: it
// happens at every start.
func TestHandlerStartingIsNoWarning(t *testing.T) {
	var logs strings.Builder
	log := slog.New(slog.NewTextHandler(&logs, nil))
	starting := func(context.Context) error { return fmt.Errorf("%w: applying", ErrStarting) }
	status, body := get(t, Handler(starting, time.Second, log))
	if status != http.StatusServiceUnavailable || body["status"] != "starting" {
		t.Fatalf("starting: %d %v", status, body)
	}
	if strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "applying") {
		t.Fatalf("log %q: want an info line with the reason", logs.String())
	}
}

// A check that hangs is cut off at the timeout and answered 503.
func TestHandlerBoundsTheCheck(t *testing.T) {
	hang := func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
	begin := time.Now()
	status, _ := get(t, Handler(hang, 50*time.Millisecond, slog.New(slog.DiscardHandler)))
	if status != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", status)
	}
	if d := time.Since(begin); d > 5*time.Second {
		t.Fatalf("took %s: the timeout did not hold", d)
	}
}
