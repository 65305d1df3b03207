package leveremulator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/cjlever/cjlever/clients/lever"
)

const (
	// attemptTimeout bounds one delivery attempt.
	attemptTimeout = 10 * time.Second
	// maxHistory bounds Deliveries() and the events Redeliver remembers, for
	// a long-running dev emulator.
	maxHistory = 1000
	// deliveryTokenLen is the length of Lever's per-delivery token.
	deliveryTokenLen = 48
	userAgent        = "Lever-Webhooks"
)

// Delivery is one attempt to deliver a webhook event.
type Delivery struct {
	EventID   string
	Event     string // e.g. lever.EventCandidateStageChange
	WebhookID string
	URL       string
	Attempt   int    // 1 for the first delivery
	Status    int    // the receiver's HTTP status; 0 when none came
	Err       string // why no status came, if so
	At        time.Time
}

// OK reports whether the attempt was acknowledged: only a 2xx counts.
func (d Delivery) OK() bool { return d.Status >= 200 && d.Status < 300 }

// deliveryJob is one event for one webhook. The envelope is built per
// attempt: Lever signs a token that is new on every attempt.
type deliveryJob struct {
	EventID, Event, WebhookID, URL string
	SignatureToken                 string
	TriggeredAt                    int64 // Unix ms; the same on every attempt
	Data                           json.RawMessage
}

// deliverer POSTs webhook events in the background. Each webhook has a queue
// whose first attempts go out in order; a failed event is redelivered after
// each of the delays on its own, so that one failing event does not hold
// back later ones.
type deliverer struct {
	client *http.Client
	delays []time.Duration
	log    *slog.Logger
	now    func() time.Time

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex // guards everything below
	closed  bool
	queues  map[string][]deliveryJob // pending first attempts by webhook id; present while a drain runs
	done    []Delivery
	recent  map[string]deliveryJob // by event id, for redeliver
	recentQ []string               // event ids in recent, oldest first
}

func newDeliverer(client *http.Client, delays []time.Duration, log *slog.Logger, now func() time.Time) *deliverer {
	var c http.Client
	if client != nil {
		c = *client // a copy: the caller's client keeps its redirect policy
	} else {
		c.Timeout = attemptTimeout
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	ctx, cancel := context.WithCancel(context.Background())
	return &deliverer{
		client: &c,
		delays: append([]time.Duration(nil), delays...),
		log:    log,
		now:    now,
		ctx:    ctx,
		cancel: cancel,
		queues: map[string][]deliveryJob{},
		recent: map[string]deliveryJob{},
	}
}

// enqueue queues job behind its webhook's earlier events and remembers it
// for redeliver; after close it drops it.
func (d *deliverer) enqueue(job deliveryJob) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.remember(job)
	d.queueLocked(job)
}

// queueLocked queues job and starts its webhook's drain if none runs; d.mu
// is held.
func (d *deliverer) queueLocked(job deliveryJob) {
	if d.closed {
		d.log.Warn("lever emulator: closed; webhook event dropped", "event", job.Event, "eventId", job.EventID)
		return
	}
	pending, draining := d.queues[job.WebhookID]
	d.queues[job.WebhookID] = append(pending, job)
	if !draining {
		d.wg.Add(1)
		go d.drain(job.WebhookID)
	}
}

// drain makes the first attempt of each of a webhook's queued events, in
// order, and ends when the queue is empty.
func (d *deliverer) drain(webhookID string) {
	defer d.wg.Done()
	for {
		d.mu.Lock()
		pending := d.queues[webhookID]
		if len(pending) == 0 || d.closed {
			delete(d.queues, webhookID)
			d.mu.Unlock()
			return
		}
		job := pending[0]
		d.queues[webhookID] = pending[1:]
		d.mu.Unlock()

		if !d.attempt(job, 1).OK() {
			d.retryLater(job)
		}
	}
}

// retryLater redelivers job after each delay until an attempt succeeds.
func (d *deliverer) retryLater(job deliveryJob) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	if len(d.delays) == 0 {
		d.giveUp(job, 1)
		return
	}
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		for i, wait := range d.delays {
			select {
			case <-d.ctx.Done():
				return
			case <-time.After(wait):
			}
			if d.attempt(job, i+2).OK() {
				return
			}
		}
		d.giveUp(job, len(d.delays)+1)
	}()
}

func (d *deliverer) giveUp(job deliveryJob, attempts int) {
	d.log.Warn("lever emulator: webhook event given up", "event", job.Event, "eventId", job.EventID,
		"webhookId", job.WebhookID, "url", redactURL(job.URL), "attempts", attempts)
}

// attempt POSTs a freshly signed envelope of job and records the outcome.
func (d *deliverer) attempt(job deliveryJob, attempt int) Delivery {
	rec := Delivery{EventID: job.EventID, Event: job.Event, WebhookID: job.WebhookID, URL: job.URL, Attempt: attempt, At: d.now()}
	status, err := d.post(job)
	rec.Status = status
	if err != nil {
		rec.Err = err.Error()
	}
	d.record(rec)
	// Never log the token, the signature or the data: the first two are
	// credentials of a sort, the last names candidates.
	lg := d.log.With("event", job.Event, "eventId", job.EventID, "webhookId", job.WebhookID,
		"url", redactURL(job.URL), "attempt", attempt, "status", rec.Status)
	switch {
	case rec.OK():
		lg.Info("lever emulator: webhook delivered")
	case rec.Err != "":
		lg.Warn("lever emulator: webhook delivery failed", "err", rec.Err)
	default:
		lg.Warn("lever emulator: webhook delivery refused")
	}
	return rec
}

func (d *deliverer) post(job deliveryJob) (int, error) {
	token := randomAlphanumeric(deliveryTokenLen)
	body, err := json.Marshal(lever.WebhookEvent{
		ID:          job.EventID,
		Event:       job.Event,
		TriggeredAt: job.TriggeredAt,
		Token:       token,
		Signature:   lever.WebhookSignature(job.SignatureToken, token, job.TriggeredAt),
		Data:        job.Data,
	})
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(d.ctx, attemptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, job.URL, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("POST %s: %w", redactURL(job.URL), err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	resp, err := d.client.Do(req)
	if err != nil {
		// The url.Error would repeat the URL with its query.
		if ue, ok := err.(*url.Error); ok {
			err = ue.Err
		}
		return 0, fmt.Errorf("POST %s: %w", redactURL(job.URL), err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // the body is ignored
	return resp.StatusCode, nil
}

func (d *deliverer) record(rec Delivery) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.done = append(d.done, rec)
	if len(d.done) > maxHistory {
		d.done = append([]Delivery(nil), d.done[len(d.done)-maxHistory:]...)
	}
}

// remember keeps job for redeliver; d.mu is held.
func (d *deliverer) remember(job deliveryJob) {
	d.recent[job.EventID] = job
	d.recentQ = append(d.recentQ, job.EventID)
	for len(d.recentQ) > maxHistory {
		delete(d.recent, d.recentQ[0])
		d.recentQ = d.recentQ[1:]
	}
}

// redeliver queues a remembered event again, as a new delivery.
func (d *deliverer) redeliver(eventID string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	job, ok := d.recent[eventID]
	if !ok {
		return fmt.Errorf("lever emulator: no recent event %q", eventID)
	}
	d.queueLocked(job)
	return nil
}

func (d *deliverer) history() []Delivery {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]Delivery(nil), d.done...)
}

// close cancels in-flight and pending deliveries and waits for them.
func (d *deliverer) close() {
	d.mu.Lock()
	d.closed = true
	d.mu.Unlock()
	d.cancel()
	d.wg.Wait()
}

// redactURL drops the query and any user info, which may carry a secret,
// from logged URLs.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	u.RawQuery, u.User = "", nil
	return u.String()
}
