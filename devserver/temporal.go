// Package devserver runs a real Temporal server (SQLite persistence) and the
// Temporal Web UI inside the process, for `cjlever dev` and for tests. It is
// modelled on the server's own temporaltest lite server and the Temporal
// CLI's dev server. Production points the same code at a Temporal cluster
// instead; only cmd/ and tests import this package.
package devserver

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"syscall"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/server/temporal"
)

const (
	clusterName = "active"
	loopback    = "127.0.0.1"
	// startAttempts bounds retries when another process took one of the
	// ports between reservePort and the server's bind.
	startAttempts = 3
	// abandonedStopTimeout bounds stopping a server whose start failed.
	abandonedStopTimeout = 5 * time.Second
)

// TemporalOptions configure the embedded Temporal server.
type TemporalOptions struct {
	// DatabaseFile persists workflows across restarts; its directory is
	// created if missing. Ignored when Ephemeral.
	DatabaseFile string
	// Ephemeral keeps everything in memory.
	Ephemeral bool
	// FrontendPort for the gRPC frontend on 127.0.0.1; 0 picks a free port.
	FrontendPort int
	// Namespace to create (default "default").
	Namespace string
	// SearchAttributes are registered on the namespace before the server
	// starts, so workflows can upsert them at once.
	SearchAttributes map[string]enumspb.IndexedValueType
	// LogLevel of the server's own log: "warn" by default; it is chatty at
	// info. "fatal" shows only what stops the server.
	LogLevel string
	// Logger receives the server's log (default: text on stderr).
	Logger *slog.Logger
}

// Temporal is a running embedded Temporal server.
type Temporal struct {
	server    temporal.Server
	frontend  string
	namespace string
	failed    chan error // the server's first fatal error
	stopped   chan struct{}
	stopOnce  sync.Once
}

// StartTemporal creates the schema and namespace on first use, then starts all
// Temporal services in the process. A fatal error of the server during the
// start is returned, not a process exit.
func StartTemporal(opts TemporalOptions) (*Temporal, error) {
	opts, level, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if opts.FrontendPort != 0 {
		if err := checkPortFree(opts.FrontendPort); err != nil {
			return nil, err
		}
	}
	sqlCfg, err := prepareDatabase(opts)
	if err != nil {
		return nil, err
	}
	for attempt := 1; ; attempt++ {
		t, err := startServer(opts, level, sqlCfg)
		if err == nil || attempt == startAttempts || !errors.Is(err, syscall.EADDRINUSE) {
			return t, err
		}
	}
}

func (o TemporalOptions) withDefaults() (TemporalOptions, slog.Level, error) {
	if o.Namespace == "" {
		o.Namespace = "default"
	}
	if o.LogLevel == "" {
		o.LogLevel = "warn"
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	level, err := parseServerLogLevel(o.LogLevel)
	return o, level, err
}

// FrontendAddress is the host:port Temporal clients dial.
func (t *Temporal) FrontendAddress() string { return t.frontend }

// Namespace is the namespace the server created.
func (t *Temporal) Namespace() string { return t.namespace }

// Wait blocks until the server fails (its fatal error) or Stop is called
// (nil).
func (t *Temporal) Wait() error {
	select {
	case err := <-t.failed:
		return fmt.Errorf("devserver: the Temporal server failed: %w", err)
	case <-t.stopped:
		return nil
	}
}

// Stop stops all services; workflows resume on the next start when the
// database is a file.
func (t *Temporal) Stop() error {
	var err error
	t.stopOnce.Do(func() {
		close(t.stopped)
		err = t.server.Stop()
	})
	return err
}

// fail records the server's first fatal error.
func (t *Temporal) fail(err error) {
	select {
	case t.failed <- err:
	default:
	}
}
