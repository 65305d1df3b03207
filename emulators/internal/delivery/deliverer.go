package delivery

import (
	"context"
	"net/http"
	"sync"
	"time"
)

const (
	// attemptTimeout bounds one attempt: Codejudge's contract gives a
	// receiver 10 seconds to answer.
	attemptTimeout = 10 * time.Second
	// maxHistory bounds History, for a long-running dev emulator.
	maxHistory = 1000
)

// Deliverer POSTs jobs in the background. Each target has a queue whose
// first attempts go out in order; a failed job is redelivered after each of
// the delays on its own, so that one failing event does not hold back later
// ones.
type Deliverer struct {
	cfg    Config
	client *http.Client

	ctx    context.Context // cancelled by Close, to abort attempts and waits
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex // guards everything below
	closed bool
	queues map[string][]Job // pending first attempts by target; present while a drain runs
	done   []Record
}

// New returns a Deliverer that is ready to Enqueue.
func New(cfg Config) *Deliverer {
	var c http.Client
	if cfg.Client != nil {
		c = *cfg.Client // a copy: the caller's client keeps its redirect policy
	} else {
		c.Timeout = attemptTimeout
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	cfg.Delays = append([]time.Duration(nil), cfg.Delays...)
	ctx, cancel := context.WithCancel(context.Background())
	return &Deliverer{
		cfg:    cfg,
		client: &c,
		ctx:    ctx,
		cancel: cancel,
		queues: map[string][]Job{},
	}
}

// Enqueue queues job behind its target's earlier jobs; after Close it drops
// it. It only appends and starts a goroutine, so callers may hold their own
// locks.
func (d *Deliverer) Enqueue(job Job) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		d.cfg.Log.Warn(d.cfg.Name+": closed; "+d.cfg.What+" dropped", "event", job.Event, "eventId", job.EventID)
		return
	}
	pending, draining := d.queues[job.Target]
	d.queues[job.Target] = append(pending, job)
	if !draining {
		d.wg.Add(1)
		go d.drain(job.Target)
	}
}

// History lists the attempts so far (the latest 1000), oldest first.
func (d *Deliverer) History() []Record {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]Record(nil), d.done...)
}

// Close cancels in-flight and pending deliveries and waits for their
// goroutines to end.
func (d *Deliverer) Close() {
	d.mu.Lock()
	d.closed = true
	d.mu.Unlock()
	d.cancel()
	d.wg.Wait()
}

// drain makes the first attempt of each of a target's queued jobs, in
// order, and ends when the queue is empty.
func (d *Deliverer) drain(target string) {
	defer d.wg.Done()
	for {
		d.mu.Lock()
		pending := d.queues[target]
		if len(pending) == 0 || d.closed {
			delete(d.queues, target)
			d.mu.Unlock()
			return
		}
		job := pending[0]
		d.queues[target] = pending[1:]
		d.mu.Unlock()

		if !d.attempt(job, 1).OK() {
			d.retryLater(job)
		}
	}
}

// retryLater redelivers job after each delay until an attempt succeeds.
func (d *Deliverer) retryLater(job Job) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	if len(d.cfg.Delays) == 0 {
		d.giveUp(job, 1)
		return
	}
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		for i, wait := range d.cfg.Delays {
			select {
			case <-d.ctx.Done():
				return
			case <-time.After(wait):
			}
			if d.attempt(job, i+2).OK() {
				return
			}
		}
		d.giveUp(job, len(d.cfg.Delays)+1)
	}()
}

func (d *Deliverer) giveUp(job Job, attempts int) {
	d.cfg.Log.Warn(d.cfg.Name+": "+d.cfg.What+" given up", "event", job.Event, "eventId", job.EventID,
		d.cfg.TargetKey, job.Target, "url", redactURL(job.URL), "attempts", attempts)
}
