package main

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// recordingParts are parts that note their stops, in order; a part's wait
// ends at its stop, or with the error sent on fail[name].
func recordingParts(names ...string) (parts, *[]string, map[string]chan error) {
	var mu sync.Mutex
	var stopped []string
	fail := map[string]chan error{}
	var ps parts
	for _, name := range names {
		done, failc := make(chan struct{}), make(chan error, 1)
		fail[name] = failc
		ps = append(ps, part{
			name: name,
			wait: func() error {
				select {
				case err := <-failc:
					return err
				case <-done:
					return nil
				}
			},
			stop: func() {
				mu.Lock()
				defer mu.Unlock()
				stopped = append(stopped, name)
				close(done)
			},
		})
	}
	return ps, &stopped, fail
}

func TestPartsStopInReverseOrderOnCancel(t *testing.T) {
	ps, stopped, _ := recordingParts("temporal", "worker", "gateway")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	require.NoError(t, ps.run(ctx))
	require.Equal(t, []string{"gateway", "worker", "temporal"}, *stopped)
}

func TestAFailingPartStopsTheProcessWithItsName(t *testing.T) {
	ps, stopped, fail := recordingParts("temporal", "worker", "gateway")
	cause := errors.New("listener closed")
	fail["worker"] <- cause
	err := ps.run(context.Background())
	require.ErrorIs(t, err, cause)
	require.ErrorContains(t, err, "worker: listener closed")
	require.Equal(t, []string{"gateway", "worker", "temporal"}, *stopped)
}

func TestAPartThatEndsUnaskedIsAFailure(t *testing.T) {
	ps, _, fail := recordingParts("ui")
	fail["ui"] <- nil
	require.ErrorContains(t, ps.run(context.Background()), "ui: stopped unexpectedly")
}
