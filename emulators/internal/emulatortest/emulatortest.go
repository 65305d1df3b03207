// Package emulatortest is what the emulators' tests share: raw HTTP requests
// for what a client does not show, an endpoint that receives their outgoing
// events, and polling for what happens in the background.
package emulatortest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// Do sends a request with header and, when body is not empty, a JSON body,
// and returns the answer's status and body.
func Do(t testing.TB, method, url string, header http.Header, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, url, bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, raw
}

// Request is one request a Receiver got.
type Request struct {
	Header http.Header
	Body   []byte
}

// Receiver is an endpoint for webhooks or callbacks: it answers with its
// statuses in turn (the last one repeats; 200 when none are given) and
// records what it receives. A 3xx points elsewhere, for tests that no
// redirect is followed.
type Receiver struct {
	URL string

	srv      *httptest.Server
	mu       sync.Mutex
	statuses []int
	got      []Request
}

// NewReceiver starts a Receiver; it stops when the test ends.
func NewReceiver(t testing.TB, statuses ...int) *Receiver {
	t.Helper()
	if len(statuses) == 0 {
		statuses = []int{http.StatusOK}
	}
	r := &Receiver{statuses: statuses}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		status := r.statuses[min(len(r.got), len(r.statuses)-1)]
		r.got = append(r.got, Request{Header: req.Header.Clone(), Body: body})
		r.mu.Unlock()
		if status >= 300 && status < 400 {
			w.Header().Set("Location", r.URL+"/elsewhere")
		}
		w.WriteHeader(status)
	}))
	r.URL = r.srv.URL
	t.Cleanup(r.srv.Close)
	return r
}

// Close stops the endpoint early, for tests of an unreachable receiver.
func (r *Receiver) Close() { r.srv.Close() }

// Received lists the requests so far.
func (r *Receiver) Received() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Request(nil), r.got...)
}

// Wait waits until n requests in all have arrived, and returns them all.
func (r *Receiver) Wait(t testing.TB, n int) []Request {
	t.Helper()
	Eventually(t, "the receiver's requests", func() bool { return len(r.Received()) >= n })
	return r.Received()
}

// Eventually polls cond for up to five seconds.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Clock is a clock a test moves: pass its Now as an emulator's.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a Clock that reads t until moved.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
