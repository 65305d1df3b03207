package bench

import (
	"context"
	"sync"
	"time"
)

// Op is one operation under load; i numbers it within its run.
type Op func(ctx context.Context, i int) error

// recorder collects a run's latencies and errors from many goroutines.
type recorder struct {
	mu sync.Mutex
	s  Sample
}

// since records one operation begun at t0 that ended now with err.
func (r *recorder) since(t0 time.Time, err error) {
	latency := time.Since(t0)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.s.Errors++
		if r.s.FirstError == nil {
			r.s.FirstError = err
		}
		return
	}
	r.s.Latencies = append(r.s.Latencies, latency)
}

// ClosedLoop runs n operations on c workers, each starting its next
// operation when its last one ends: it measures the throughput the system
// sustains at concurrency c.
func ClosedLoop(ctx context.Context, n, c int, op Op) Sample {
	var rec recorder
	next := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range max(c, 1) {
		wg.Go(func() {
			for i := range next {
				t0 := time.Now()
				rec.since(t0, op(ctx, i))
			}
		})
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	rec.s.Elapsed = time.Since(start)
	return rec.s
}

// OpenLoop starts n operations at a fixed rate per second, whether or not
// earlier ones have finished, as webhooks arrive. Each latency runs from
// the operation's scheduled start, so a system that falls behind shows it
// in the percentiles instead of slowing the sender down.
func OpenLoop(ctx context.Context, n int, rate float64, op Op) Sample {
	var rec recorder
	var wg sync.WaitGroup
	interval := time.Duration(float64(time.Second) / rate)
	start := time.Now()
	for i := 0; i < n && ctx.Err() == nil; i++ {
		scheduled := start.Add(time.Duration(i) * interval)
		time.Sleep(time.Until(scheduled))
		wg.Go(func() { rec.since(scheduled, op(ctx, i)) })
	}
	wg.Wait()
	rec.s.Elapsed = time.Since(start)
	return rec.s
}
