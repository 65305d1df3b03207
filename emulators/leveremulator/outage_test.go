package leveremulator

import (
	"net/http"
	"testing"
)

func TestSandboxOutage(t *testing.T) {
	h := newHarness(t)
	if status, raw := h.doAs(t, "", http.MethodPost, "/sandbox/outage", `{"on":true}`); status != http.StatusUnauthorized {
		t.Fatalf("outage without the key: %d %s", status, raw)
	}
	if status, raw := h.do(t, http.MethodPost, "/sandbox/outage", `{"on":true}`); status != http.StatusOK {
		t.Fatalf("outage on: %d %s", status, raw)
	}
	status, raw := h.do(t, http.MethodGet, "/v1/stages", "")
	wantError(t, status, raw, http.StatusServiceUnavailable, "ServiceUnavailable")
	if status, raw := h.do(t, http.MethodPost, "/sandbox/outage", `{"on":false}`); status != http.StatusOK {
		t.Fatalf("outage off: %d %s", status, raw)
	}
	if status, raw := h.do(t, http.MethodGet, "/v1/stages", ""); status != http.StatusOK {
		t.Fatalf("GET /v1/stages after the outage: %d %s", status, raw)
	}
}
