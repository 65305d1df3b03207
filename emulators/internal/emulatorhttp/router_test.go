package emulatorhttp

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// testError stands for an emulator's own error shape.
type testError struct {
	Status int    `json:"-"`
	Code   string `json:"code"`
}

func (e *testError) Error() string   { return e.Code }
func (e *testError) HTTPStatus() int { return e.Status }

func notFound(format string, args ...any) *testError {
	return &testError{Status: http.StatusNotFound, Code: "not_found: " + fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) error {
	return &testError{Status: http.StatusBadRequest, Code: fmt.Sprintf(format, args...)}
}

func serve(t *testing.T, r http.Handler, method, path, body string) (int, string) {
	t.Helper()
	w := httptest.NewRecorder()
	r.ServeHTTP(w, httptest.NewRequest(method, path, strings.NewReader(body)))
	return w.Code, strings.TrimSpace(w.Body.String())
}

func TestRouterAnswersInTheEmulatorsShape(t *testing.T) {
	internal := &testError{Status: http.StatusInternalServerError, Code: "internal"}
	r := NewRouter(slog.New(slog.NewTextHandler(io.Discard, nil)), "test emulator", internal, notFound)
	r.GET("/panic", func(*gin.Context) { panic("boom") })
	r.GET("/plain", func(c *gin.Context) { WriteError(c, io.EOF, internal) })
	r.POST("/echo", func(c *gin.Context) {
		var v map[string]any
		if err := ReadJSONObject(c, &v, badRequest); err != nil {
			WriteError(c, err, internal)
			return
		}
		WriteData(c, http.StatusOK, v)
	})

	for _, tc := range []struct {
		method, path, body string
		status             int
		answer             string
	}{
		{"GET", "/healthz", "", 200, `{"status":"ok"}`},
		{"GET", "/nowhere", "", 404, `{"code":"not_found: no route GET /nowhere"}`},
		{"GET", "/panic", "", 500, `{"code":"internal"}`},
		{"GET", "/plain", "", 500, `{"code":"internal"}`},
		{"POST", "/echo", `{"a":1}`, 200, `{"data":{"a":1}}`},
		{"POST", "/echo", `[1]`, 400, `{"code":"request body must be a JSON object"}`},
		{"POST", "/echo", `{"a":`, 400, `{"code":"malformed JSON: unexpected end of JSON input"}`},
		{"POST", "/echo", `{"a":"` + strings.Repeat("x", MaxBody) + `"}`, 400, `{"code":"request body too large or unreadable"}`},
	} {
		status, answer := serve(t, r, tc.method, tc.path, tc.body)
		if status != tc.status || answer != tc.answer {
			t.Errorf("%s %s %s: %d %s, want %d %s", tc.method, tc.path, tc.body, status, answer, tc.status, tc.answer)
		}
	}
}
