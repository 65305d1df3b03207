package codejudgeemulator

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// maxBody is the contract's request size limit.
const maxBody = 1 << 20

// orgKey is where authenticate leaves the caller's Organisation.
const orgKey = "codejudge.organisation"

func (e *Emulator) routes() http.Handler {
	r := gin.New()
	r.Use(e.recoverPanics, e.logRequests)

	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })

	v1 := r.Group("/v1", e.authenticate)
	v1.GET("/tests", e.handleListTests)
	v1.GET("/tests/:id", e.handleGetTest)
	v1.POST("/invites", e.handleCreateInvite)
	v1.GET("/invites", e.handleListInvites)
	v1.GET("/invites/:id", e.handleGetInvite)
	v1.POST("/invites/:id/cancel", e.handleCancelInvite)

	sandbox := r.Group("/sandbox", e.authenticate)
	sandbox.POST("/invites/:id/complete", e.handleComplete)
	sandbox.POST("/invites/:id/start", e.handleStart)
	sandbox.POST("/invites/:id/expire", e.handleExpire)

	r.GET("/reports/:id", e.handleReportPage)
	r.GET("/take/:id", e.handleTakePage)

	r.NoRoute(func(c *gin.Context) {
		writeError(c, errNotFound("no route %s %s", c.Request.Method, c.Request.URL.Path))
	})
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

// recoverPanics answers 500 in the contract's error shape and logs the stack.
func (e *Emulator) recoverPanics(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			e.log.Error("codejudge emulator: panic", "panic", v, "stack", string(debug.Stack()))
			writeError(c, errInternal("internal error"))
		}
	}()
	c.Next()
}

// logRequests logs the route pattern, not the URL: queries and ids are
// nobody's business in a log, and headers (the API key) never are.
func (e *Emulator) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	e.log.Debug("codejudge emulator: request", "method", c.Request.Method, "route", c.FullPath(),
		"status", c.Writer.Status(), "elapsed", time.Since(start))
}

// writeData answers {"data": v}.
func writeData(c *gin.Context, status int, v any) { c.JSON(status, gin.H{"data": v}) }

// writeError answers an *apiError, or a 500 for anything else.
func writeError(c *gin.Context, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		ae = errInternal("internal error")
	}
	c.AbortWithStatusJSON(ae.Status, ae)
}

// readJSONObject decodes a JSON object body into v: anything else is a 400.
func readJSONObject(c *gin.Context, v any) error {
	raw, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBody))
	if err != nil {
		return errInvalidRequest("request body too large or unreadable")
	}
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
		return errInvalidRequest("request body must be a JSON object")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return errInvalidRequest("malformed JSON: %v", err)
	}
	return nil
}
