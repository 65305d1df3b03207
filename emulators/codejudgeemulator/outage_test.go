package codejudgeemulator

import (
	"net/http"
	"testing"
)

func TestSandboxOutage(t *testing.T) {
	h := newHarness(t)
	if status, raw := h.do(t, http.MethodPost, "/sandbox/outage", "", nil, `{"on":true}`); status != http.StatusUnauthorized {
		t.Fatalf("outage without the key: %d %s", status, raw)
	}
	h.sandboxOutage(t, true)
	if status, raw := h.do(t, http.MethodGet, "/v1/tests", orgAcme.APIKey, nil, ""); status != http.StatusServiceUnavailable {
		t.Fatalf("GET /v1/tests in an outage: %d %s", status, raw)
	}
	h.sandboxOutage(t, false)
	if status, raw := h.do(t, http.MethodGet, "/v1/tests", orgAcme.APIKey, nil, ""); status != http.StatusOK {
		t.Fatalf("GET /v1/tests after the outage: %d %s", status, raw)
	}
}

func (h *harness) sandboxOutage(t *testing.T, on bool) {
	t.Helper()
	body := map[bool]string{true: `{"on":true}`, false: `{"on":false}`}[on]
	if status, raw := h.do(t, http.MethodPost, "/sandbox/outage", orgAcme.APIKey, nil, body); status != http.StatusOK {
		t.Fatalf("outage %v: %d %s", on, status, raw)
	}
}
