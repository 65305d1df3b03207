package gateway

import (
	"errors"
	"net/http"
	"testing"
)

func TestHealthz(t *testing.T) {
	h := newHarness(t)
	h.wf.set(func(f *fakeWorkflows) { f.readyErr = errors.New("temporal down") }) // liveness must not care
	r := h.do(t, http.MethodGet, "/healthz", nil, nil)
	wantStatus(t, r, http.StatusOK)
	if r.body["status"] != "ok" {
		t.Fatalf("body %s", r.raw)
	}
}

func TestReadyz(t *testing.T) {
	h := newHarness(t)
	wantStatus(t, h.do(t, http.MethodGet, "/readyz", nil, nil), http.StatusOK)
	h.wf.set(func(f *fakeWorkflows) { f.readyErr = ErrTemporalUnavailable })
	wantError(t, h.do(t, http.MethodGet, "/readyz", nil, nil), http.StatusServiceUnavailable)
}
