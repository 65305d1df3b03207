package emulatorhttp

import (
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
)

// NewRouter returns a gin engine with what every emulator serves besides its
// API: panic recovery and route logging under name (e.g. "lever emulator"),
// GET /healthz, and for any other route the emulator's own 404. internal is
// its 500 and notFound makes its 404, in its API's error shape.
func NewRouter[E APIError](log *slog.Logger, name string, internal E, notFound func(format string, args ...any) E) *gin.Engine {
	r := gin.New()
	r.Use(recoverPanics(log, name, internal), logRequests(log, name))
	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	r.NoRoute(func(c *gin.Context) {
		WriteError(c, notFound("no route %s %s", c.Request.Method, c.Request.URL.Path), internal)
	})
	return r
}
