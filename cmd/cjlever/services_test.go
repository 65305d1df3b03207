package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A sync that fails (Temporal's visibility unreachable for a moment) is
// logged and tried again; it does not stop the worker.
func TestAFailedConnectionSyncIsTriedAgain(t *testing.T) {
	var calls atomic.Int32
	sync := func(context.Context) error {
		calls.Add(1)
		return errors.New("visibility unavailable")
	}
	var log bytes.Buffer
	changes := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		keepInSync(ctx, sync, changes, slog.New(slog.NewTextHandler(&log, nil)))
	}()
	changes <- struct{}{}
	changes <- struct{}{} // taken only once the first failed sync is behind
	require.Eventually(t, func() bool { return calls.Load() == 2 }, 5*time.Second, 10*time.Millisecond)
	cancel()
	<-done
	require.Contains(t, log.String(), "level=WARN")
	require.Contains(t, log.String(), "visibility unavailable")
}
