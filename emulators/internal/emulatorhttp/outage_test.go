package emulatorhttp

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

func TestOutageAnswers503UntilSwitchedOff(t *testing.T) {
	var o Outage
	r := gin.New()
	r.GET("/v1/things", o.Refuse(&testError{Status: http.StatusServiceUnavailable, Code: "down"}), func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	r.POST("/sandbox/outage", o.Switch(badRequest, func(c *gin.Context, err error) {
		WriteError(c, err, &testError{Status: http.StatusInternalServerError, Code: "internal"})
	}))

	if code, body := serve(t, r, http.MethodGet, "/v1/things", ""); code != http.StatusOK || body != "ok" {
		t.Fatalf("before the outage: %d %s", code, body)
	}
	if code, body := serve(t, r, http.MethodPost, "/sandbox/outage", `{"on":true}`); code != http.StatusOK || body != `{"data":{"outage":true}}` {
		t.Fatalf("switching on: %d %s", code, body)
	}
	w := httptest.NewRecorder()
	r.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/v1/things", nil))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") != OutageRetryAfter || !strings.Contains(w.Body.String(), `"down"`) {
		t.Fatalf("during the outage: %d %q %s", w.Code, w.Header().Get("Retry-After"), w.Body)
	}
	for _, bad := range []string{`{}`, `{"on":"yes"}`, `[true]`} {
		if code, _ := serve(t, r, http.MethodPost, "/sandbox/outage", bad); code != http.StatusBadRequest {
			t.Errorf("switch %s: %d, want 400", bad, code)
		}
	}
	if code, _ := serve(t, r, http.MethodPost, "/sandbox/outage", `{"on":false}`); code != http.StatusOK {
		t.Fatalf("switching off: %d", code)
	}
	if code, _ := serve(t, r, http.MethodGet, "/v1/things", ""); code != http.StatusOK {
		t.Fatalf("after the outage: %d", code)
	}
}
