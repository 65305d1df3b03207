package readiness

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
)

// healthClient answers CheckHealth; any other method panics (the embedded
// interface is nil), which is the point.
type healthClient struct {
	client.Client
	err      error
	deadline bool
}

func (h *healthClient) CheckHealth(ctx context.Context, _ *client.CheckHealthRequest) (*client.CheckHealthResponse, error) {
	_, h.deadline = ctx.Deadline()
	return &client.CheckHealthResponse{}, h.err
}

func TestCheck(t *testing.T) {
	c := &healthClient{}
	if err := Check(context.Background(), c); err != nil {
		t.Fatalf("healthy: %v", err)
	}
	if c.deadline {
		t.Fatal("Check added a deadline of its own")
	}
	c.err = serviceerror.NewUnavailable("down")
	if err := Check(context.Background(), c); !errors.Is(err, c.err) {
		t.Fatalf("unhealthy: %v, want %v", err, c.err)
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
