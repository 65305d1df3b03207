package gateway

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/workflows"
)

// RequestIDHeader carries the request id in both directions, so a delivery
// seen in Lever's or Codejudge's logs can be found in ours.
const RequestIDHeader = "X-Request-Id"

// loggerKey is where requestID leaves the per-request logger in the gin
// context.
const loggerKey = "gateway.logger"

// maxRequestIDLen bounds an incoming request id: it ends up in every log line.
const maxRequestIDLen = 128

// requestID honours a sane incoming X-Request-Id or makes one, echoes it on
// the response and gives the handlers a logger that carries it.
func (rt *router) requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader(RequestIDHeader)
		if !validRequestID(id) {
			id = newRequestID()
		}
		c.Header(RequestIDHeader, id)
		c.Set(loggerKey, rt.log.With("request_id", id))
		c.Next()
	}
}

// validRequestID accepts only short ids of URL-safe characters, so a caller
// cannot forge log lines or bloat them.
func validRequestID(id string) bool {
	return len(id) <= maxRequestIDLen && workflows.PlainID(id)
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// requestLogger is the logger requestID set, or the router's own when the
// middleware did not run (a panic before it, say).
func (rt *router) requestLogger(c *gin.Context) *slog.Logger {
	if v, ok := c.Get(loggerKey); ok {
		if l, ok := v.(*slog.Logger); ok {
			return l
		}
	}
	return rt.log
}

// recovery turns a handler panic into a logged 500 instead of a dropped
// connection. gin.Recovery would write to gin's global writer; this logs to
// our logger. http.ErrAbortHandler is re-raised: net/http uses it to abort a
// response on purpose.
func (rt *router) recovery() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if err, ok := p.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(p)
			}
			rt.requestLogger(c).Error("handler panicked",
				"panic", fmt.Sprint(p), "method", c.Request.Method, "path", c.FullPath(),
				"stack", string(debug.Stack()))
			if c.Writer.Written() {
				c.Abort()
				return
			}
			abortWithError(c, http.StatusInternalServerError, "internal error")
		}()
		c.Next()
	}
}
