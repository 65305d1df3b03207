package main

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// part is one long-running piece of a process: an HTTP server, the worker,
// the embedded Temporal server...
type part struct {
	name string
	// wait blocks until the part fails (its error) or stop was called
	// (nil); nil for a part with nothing to watch.
	wait func() error
	// stop stops the part gracefully, within its own bound.
	stop func()
}

// parts are a process's parts in the order they started.
type parts []part

// stopAll stops every part in reverse order of start: what takes work in
// (the gateway) stops before what does the work (the worker), and what they
// depend on (Temporal, the emulators) goes last.
func (ps parts) stopAll() {
	for i := len(ps) - 1; i >= 0; i-- {
		ps[i].stop()
	}
}

// run supervises the started parts under one errgroup until ctx ends or a
// part fails; then it stops them all (stopAll) and returns the failure,
// named after its part.
func (ps parts) run(ctx context.Context) error {
	g, gctx := errgroup.WithContext(ctx)
	stopping := make(chan struct{})
	for _, p := range ps {
		if p.wait == nil {
			continue
		}
		g.Go(func() error {
			err := p.wait()
			select {
			case <-stopping:
			default:
				if err == nil {
					err = errors.New("stopped unexpectedly")
				}
			}
			if err != nil {
				return fmt.Errorf("%s: %w", p.name, err)
			}
			return nil
		})
	}
	g.Go(func() error {
		<-gctx.Done()
		close(stopping)
		ps.stopAll()
		return nil
	})
	return g.Wait()
}
