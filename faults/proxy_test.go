package faults

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// fault is what a faultProxy answers instead of passing a request on.
type fault int32

const (
	passThrough      fault = iota
	unavailable            // 503, no Retry-After
	rateLimited            // 429, no Retry-After
	rateLimitedRetry       // 429 with Retry-After: 1
	lostAnswer             // a write passed on, but its answer lost: 503
	faultKinds
)

// faultProxy stands in front of an emulator on its own loopback port and
// passes requests through, or answers them with a fault, or refuses
// connections (its listener closed, open connections cut) until restored.
type faultProxy struct {
	t     *testing.T
	addr  string
	proxy *httputil.ReverseProxy
	mode  atomic.Int32
	// passEvery: every passEvery-th request passes despite the fault (0:
	// none does).
	passEvery atomic.Int64
	// seen counts requests that reached the proxy; faulted those it answered
	// with a fault, by fault.
	seen    atomic.Int64
	faulted [faultKinds]atomic.Int64

	mu  sync.Mutex
	srv *http.Server // nil while refusing
}

func newFaultProxy(t *testing.T, target string) *faultProxy {
	t.Helper()
	u, err := url.Parse(target)
	require.NoError(t, err)
	p := &faultProxy{t: t, proxy: httputil.NewSingleHostReverseProxy(u)}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p.addr = l.Addr().String()
	p.serve(l)
	t.Cleanup(p.refuse)
	return p
}

// URL is the proxy's base URL.
func (p *faultProxy) URL() string { return "http://" + p.addr }

// set makes the proxy answer every request with f (passThrough: forward).
func (p *faultProxy) set(f fault) { p.storm(f, 0) }

// storm makes the proxy answer with f but let every passEvery-th request
// through, as an API shedding load does.
func (p *faultProxy) storm(f fault, passEvery int64) {
	p.passEvery.Store(passEvery)
	p.mode.Store(int32(f))
}

// faults is how many requests the proxy answered with a fault, of any kind.
func (p *faultProxy) faults() int64 {
	var n int64
	for i := range p.faulted {
		n += p.faulted[i].Load()
	}
	return n
}

func (p *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := p.seen.Add(1)
	f := fault(p.mode.Load())
	if every := p.passEvery.Load(); every > 0 && n%every == 0 {
		f = passThrough
	}
	if f == lostAnswer && r.Method == http.MethodGet {
		f = passThrough // losing a read's answer is just a 503
	}
	switch f {
	case unavailable:
		p.answer(w, f, http.StatusServiceUnavailable, "")
	case rateLimited:
		p.answer(w, f, http.StatusTooManyRequests, "")
	case rateLimitedRetry:
		p.answer(w, f, http.StatusTooManyRequests, "1")
	case lostAnswer:
		p.proxy.ServeHTTP(httptest.NewRecorder(), r)
		p.answer(w, f, http.StatusServiceUnavailable, "")
	default:
		p.proxy.ServeHTTP(w, r)
	}
}

func (p *faultProxy) answer(w http.ResponseWriter, f fault, status int, retryAfter string) {
	p.faulted[f].Add(1)
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`{"code":"fault_injected","message":"injected by the fault proxy"}`))
}

func (p *faultProxy) serve(l net.Listener) {
	srv := &http.Server{Handler: p}
	p.mu.Lock()
	p.srv = srv
	p.mu.Unlock()
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			p.t.Errorf("fault proxy: %v", err)
		}
	}()
}

// refuse closes the listener and every open connection: connections to the
// proxy's port are refused until restore.
func (p *faultProxy) refuse() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.srv != nil {
		_ = p.srv.Close()
		p.srv = nil
	}
}

// restore listens again on the same port.
func (p *faultProxy) restore() {
	p.t.Helper()
	l, err := net.Listen("tcp", p.addr)
	require.NoError(p.t, err, "listening again on %s", p.addr)
	p.serve(l)
}
