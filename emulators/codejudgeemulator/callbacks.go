package codejudgeemulator

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/cjlever/cjlever/clients/codejudge"
)

const (
	// attemptTimeout is the contract's "no answer within 10 seconds".
	attemptTimeout = 10 * time.Second
	// maxHistory bounds Deliveries() for a long-running dev emulator.
	maxHistory = 1000
	userAgent  = "Codejudge-Callbacks/1"
)

// Delivery is one attempt to deliver a callback.
type Delivery struct {
	EventID  string
	Event    string // codejudge.EventInviteCompleted or EventInviteExpired
	InviteID string
	URL      string
	Attempt  int    // 1 for the first delivery
	Status   int    // the receiver's HTTP status; 0 when none came
	Err      string // why no status came, if so
	At       time.Time
}

// OK reports whether the attempt was acknowledged: only a 2xx counts.
func (d Delivery) OK() bool { return d.Status >= 200 && d.Status < 300 }

// callbackJob is one event to deliver. Body is encoded once, so every
// redelivery carries the same bytes and the same signature.
type callbackJob struct {
	EventID, Event, InviteID, URL string
	Secret                        string
	Body                          []byte
}

// deliverer POSTs callbacks in the background, redelivering failures after
// each of its delays.
type deliverer struct {
	client *http.Client
	delays []time.Duration
	log    *slog.Logger
	now    func() time.Time

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex // guards closed and done
	closed bool
	done   []Delivery
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
	}
}

// enqueue starts delivering job; after close it drops it.
func (d *deliverer) enqueue(job callbackJob) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		d.log.Warn("codejudge emulator: closed; callback dropped", "event", job.Event, "invite", job.InviteID)
		return
	}
	d.wg.Add(1)
	go d.run(job)
}

func (d *deliverer) run(job callbackJob) {
	defer d.wg.Done()
	for attempt := 1; ; attempt++ {
		rec := d.attempt(job, attempt)
		d.record(rec)
		if rec.OK() {
			d.log.Info("codejudge emulator: callback delivered", "event", job.Event, "invite", job.InviteID, "attempt", attempt)
			return
		}
		if d.ctx.Err() != nil {
			return
		}
		if attempt > len(d.delays) {
			d.log.Warn("codejudge emulator: callback given up", "event", job.Event, "invite", job.InviteID,
				"attempts", attempt, "url", redactURL(job.URL))
			return
		}
		wait := d.delays[attempt-1]
		d.log.Warn("codejudge emulator: callback failed; will redeliver", "event", job.Event, "invite", job.InviteID,
			"attempt", attempt, "status", rec.Status, "err", rec.Err, "retryIn", wait)
		select {
		case <-d.ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

func (d *deliverer) attempt(job callbackJob, attempt int) Delivery {
	rec := Delivery{EventID: job.EventID, Event: job.Event, InviteID: job.InviteID, URL: job.URL, Attempt: attempt, At: d.now()}
	ctx, cancel := context.WithTimeout(d.ctx, attemptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, job.URL, bytes.NewReader(job.Body))
	if err != nil {
		rec.Err = err.Error()
		return rec
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set(codejudge.SignatureHeader, codejudge.SignCallback(job.Secret, job.Body))
	resp, err := d.client.Do(req)
	if err != nil {
		rec.Err = "POST " + redactURL(job.URL) + ": failed" // the url.Error would repeat the query
		if ue, ok := err.(*url.Error); ok {
			rec.Err += ": " + ue.Err.Error()
		}
		return rec
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // the body is ignored
	rec.Status = resp.StatusCode
	return rec
}

func (d *deliverer) record(rec Delivery) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.done = append(d.done, rec)
	if len(d.done) > maxHistory {
		d.done = append([]Delivery(nil), d.done[len(d.done)-maxHistory:]...)
	}
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

// redactURL drops the query, which may carry a token, from logged URLs.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	u.RawQuery, u.User = "", nil
	return u.String()
}
