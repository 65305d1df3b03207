package bench

import (
	"context"
	"sync"
	"time"
)

// requestSample is cjlever's total Lever requests to an account at a time.
type requestSample struct {
	at    time.Time
	total int
}

// requestSampler samples cjlever's Lever requests every quarter second
// until stopped.
type requestSampler struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
	series []requestSample
}

func sampleRequests(ctx context.Context, lever Lever) *requestSampler {
	ctx, cancel := context.WithCancel(ctx)
	s := &requestSampler{cancel: cancel}
	total := func() (n int) {
		for _, c := range lever.Requests() {
			n += c
		}
		return n
	}
	s.wg.Go(func() {
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			s.series = append(s.series, requestSample{at: time.Now(), total: total()})
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	})
	return s
}

// stop ends the sampling and returns the samples, the last taken now.
func (s *requestSampler) stop() []requestSample {
	s.cancel()
	s.wg.Wait()
	return s.series
}
