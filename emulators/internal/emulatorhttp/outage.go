package emulatorhttp

import (
	"net/http"
	"sync/atomic"

	"github.com/gin-gonic/gin"
)

// OutageRetryAfter is the Retry-After, in seconds, of an outage's 503s.
const OutageRetryAfter = "5"

// Outage is a sandbox-only switch that breaks an emulator on purpose, so
// that what cjlever does while Lever or Codejudge is down can be seen (`cjlever
// sandbox outage`). The zero value is off.
type Outage struct{ on atomic.Bool }

// Refuse is middleware for an emulator's API routes: while the outage is on
// they answer unavailable (the emulator's own 503 body) with Retry-After.
func (o *Outage) Refuse(unavailable APIError) gin.HandlerFunc {
	return func(c *gin.Context) {
		if o.on.Load() {
			c.Header("Retry-After", OutageRetryAfter)
			c.AbortWithStatusJSON(unavailable.HTTPStatus(), unavailable)
			return
		}
		c.Next()
	}
}

// outageSwitch is the body of POST /sandbox/outage.
type outageSwitch struct {
	On *bool `json:"on"`
}

// Switch handles POST /sandbox/outage {"on": true|false} and answers the
// switch's new position.
func (o *Outage) Switch(badRequest func(format string, args ...any) error, writeError func(*gin.Context, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		var body outageSwitch
		if err := ReadJSONObject(c, &body, badRequest); err != nil {
			writeError(c, err)
			return
		}
		if body.On == nil {
			writeError(c, badRequest(`want {"on": true} or {"on": false}`))
			return
		}
		o.on.Store(*body.On)
		WriteData(c, http.StatusOK, gin.H{"outage": *body.On})
	}
}
