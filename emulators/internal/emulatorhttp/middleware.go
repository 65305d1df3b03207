package emulatorhttp

import (
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/gin-gonic/gin"
)

// recoverPanics answers a panicking handler's request with internal (the
// emulator's 500) and logs the stack under name, e.g. "lever emulator".
// http.ErrAbortHandler panics on: it asks net/http to abort the response.
func recoverPanics(log *slog.Logger, name string, internal APIError) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.Error(name+": panic", "panic", v, "stack", string(debug.Stack()))
				c.AbortWithStatusJSON(internal.HTTPStatus(), internal)
			}
		}()
		c.Next()
	}
}

// logRequests logs the route pattern, not the URL: queries and ids (emails,
// perform_as, invite ids) and headers (the API key) are nobody's business in
// a log.
func logRequests(log *slog.Logger, name string) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		log.Debug(name+": request", "method", c.Request.Method, "route", c.FullPath(),
			"status", c.Writer.Status(), "elapsed", time.Since(start))
	}
}
