package delivery

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// attempt POSTs job once and records the outcome.
func (d *Deliverer) attempt(job Job, attempt int) Record {
	rec := Record{EventID: job.EventID, Event: job.Event, Target: job.Target, URL: job.URL, Attempt: attempt, At: d.cfg.Now()}
	status, err := d.post(job)
	rec.Status = status
	if err != nil {
		rec.Err = err.Error()
	}
	d.record(rec)
	// Never log the body or the headers: they carry signatures and name
	// candidates.
	lg := d.cfg.Log.With("event", job.Event, "eventId", job.EventID, d.cfg.TargetKey, job.Target,
		"url", redactURL(job.URL), "attempt", attempt, "status", rec.Status)
	switch {
	case rec.OK():
		lg.Info(d.cfg.Name + ": " + d.cfg.What + " delivered")
	case rec.Err != "":
		lg.Warn(d.cfg.Name+": "+d.cfg.What+" delivery failed", "err", rec.Err)
	default:
		lg.Warn(d.cfg.Name + ": " + d.cfg.What + " delivery refused")
	}
	return rec
}

// post sends one attempt and returns the receiver's status.
func (d *Deliverer) post(job Job) (int, error) {
	body, header, err := job.Request()
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(d.ctx, attemptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, job.URL, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("POST %s: %w", redactURL(job.URL), err)
	}
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", d.cfg.UserAgent)
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

func (d *Deliverer) record(rec Record) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.done = append(d.done, rec)
	if len(d.done) > maxHistory {
		d.done = append([]Record(nil), d.done[len(d.done)-maxHistory:]...)
	}
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
