package leveremulator

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/gin-gonic/gin"
)

// maxBody bounds request bodies.
const maxBody = 1 << 20

func (e *Emulator) routes() http.Handler {
	r := gin.New()
	// Route on the escaped path, so an id with an escaped "/" stays one
	// path segment.
	r.UseRawPath = true
	r.UnescapePathValues = true
	r.Use(e.recoverPanics, e.logRequests)

	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })

	v1 := r.Group("/v1", e.authenticate)
	v1.GET("/opportunities", e.handleListOpportunities)
	v1.POST("/opportunities", e.handleCreateOpportunity)
	v1.GET("/opportunities/:id", e.handleGetOpportunity)
	v1.PUT("/opportunities/:id/stage", e.handleMoveStage)
	v1.POST("/opportunities/:id/addTags", e.handleUpdateList("tags", tagsOf, addValues))
	v1.POST("/opportunities/:id/removeTags", e.handleUpdateList("tags", tagsOf, removeValues))
	v1.POST("/opportunities/:id/addLinks", e.handleUpdateList("links", linksOf, addValues))
	v1.POST("/opportunities/:id/removeLinks", e.handleUpdateList("links", linksOf, removeValues))
	v1.POST("/opportunities/:id/notes", e.handleAddNote)
	v1.GET("/opportunities/:id/notes", e.handleListNotes)
	v1.GET("/stages", e.handleListStages)
	v1.GET("/postings", e.handleListPostings)
	v1.GET("/postings/:id", e.handleGetPosting)
	v1.GET("/users", e.handleListUsers)
	v1.GET("/webhooks", e.handleListWebhooks)
	v1.POST("/webhooks", e.handleCreateWebhook)
	v1.DELETE("/webhooks/:id", e.handleDeleteWebhook)

	r.NoRoute(func(c *gin.Context) {
		writeError(c, errNotFound("no route %s %s", c.Request.Method, c.Request.URL.Path))
	})
	return r
}

// authenticate checks Lever's API-key auth: HTTP Basic with the key as user
// name (the password is ignored). The comparison is constant-time.
func (e *Emulator) authenticate(c *gin.Context) {
	user, _, ok := c.Request.BasicAuth()
	if !ok || subtle.ConstantTimeCompare([]byte(user), []byte(e.apiKey)) != 1 {
		c.Header("WWW-Authenticate", `Basic realm="Lever API"`)
		writeError(c, errUnauthorized())
		return
	}
	c.Next()
}

// recoverPanics answers 500 in Lever's error shape and logs the stack.
func (e *Emulator) recoverPanics(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			e.log.Error("lever emulator: panic", "panic", v, "stack", string(debug.Stack()))
			writeError(c, errInternal("internal error"))
		}
	}()
	c.Next()
}

// logRequests logs the route pattern, not the URL: queries (emails,
// perform_as) and headers (the API key) are nobody's business in a log.
func (e *Emulator) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	e.log.Debug("lever emulator: request", "method", c.Request.Method, "route", c.FullPath(),
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
		return errBadRequest("Request body too large or unreadable")
	}
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
		return errBadRequest("Request body must be a JSON object")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return errBadRequest("Malformed JSON: %v", err)
	}
	return nil
}

// performAs checks the perform_as query parameter: when present (or
// required) it must name an existing user.
func performAs(c *gin.Context, st *state, required bool) (string, error) {
	id, present := c.GetQuery("perform_as")
	switch {
	case !present || id == "":
		if required {
			return "", errBadRequest("Missing perform_as: this request must be performed as a user")
		}
		return "", nil
	case st.Users[id] == nil:
		return "", errBadRequest("perform_as %q is not a user of this account", id)
	}
	return id, nil
}
