package codejudgeemulator

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/emulators/internal/emulatorhttp"
)

// orgKey is where authenticate leaves the caller's Organisation.
const orgKey = "codejudge.organisation"

func (e *Emulator) routes() http.Handler {
	r := emulatorhttp.NewRouter(e.log, "codejudge emulator", errInternal("internal error"), errNotFound)
	v1 := r.Group("/v1", e.outage.Refuse(errUnavailable()), e.authenticate)
	v1.GET("/tests", e.handleListTests)
	v1.GET("/tests/:id", e.handleGetTest)
	v1.POST("/invites", e.handleCreateInvite)
	v1.GET("/invites", e.handleListInvites)
	v1.GET("/invites/:id", e.handleGetInvite)
	v1.POST("/invites/:id/cancel", e.handleCancelInvite)
	v1.POST("/invites/:id/remind", e.handleRemindInvite)

	sandbox := r.Group("/sandbox", e.authenticate)
	sandbox.POST("/invites/:id/complete", e.handleComplete)
	sandbox.POST("/invites/:id/start", e.handleStart)
	sandbox.POST("/invites/:id/expire", e.handleExpire)
	sandbox.POST("/outage", e.outage.Switch(func(f string, a ...any) error { return errInvalidRequest(f, a...) }, writeError))

	r.GET("/reports/:id", e.handleReportPage)
	r.GET("/take/:id", e.handleTakePage)

	return r
}

// authenticate finds the organisation whose API key is the bearer token. Every
// key is compared in constant time, so timing tells nothing about keys.
func (e *Emulator) authenticate(c *gin.Context) {
	scheme, token, ok := strings.Cut(c.GetHeader("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		writeError(c, errUnauthorized())
		return
	}
	var found *Organisation
	for i := range e.orgs {
		if subtle.ConstantTimeCompare([]byte(token), []byte(e.orgs[i].APIKey)) == 1 {
			found = &e.orgs[i]
		}
	}
	if found == nil {
		writeError(c, errUnauthorized())
		return
	}
	c.Set(orgKey, *found)
	c.Next()
}

func orgOf(c *gin.Context) Organisation { return c.MustGet(orgKey).(Organisation) }

// writeError answers an *apiError, or a 500 for anything else.
func writeError(c *gin.Context, err error) {
	emulatorhttp.WriteError(c, err, errInternal("internal error"))
}

// readJSONObject decodes a JSON object body into v: anything else is a 400.
func readJSONObject(c *gin.Context, v any) error {
	return emulatorhttp.ReadJSONObject(c, v, func(format string, args ...any) error {
		return errInvalidRequest(format, args...)
	})
}
