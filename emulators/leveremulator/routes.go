package leveremulator

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/emulators/internal/emulatorhttp"
)

func (e *Emulator) routes() http.Handler {
	r := emulatorhttp.NewRouter(e.log, "lever emulator", errInternal("internal error"), errNotFound)
	// Route on the escaped path, so an id with an escaped "/" stays one
	// path segment.
	r.UseRawPath = true
	r.UnescapePathValues = true
	r.Use(e.countRequest)

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

// writeError answers an *apiError, or a 500 for anything else.
func writeError(c *gin.Context, err error) {
	emulatorhttp.WriteError(c, err, errInternal("internal error"))
}

// readJSONObject decodes a JSON object body into v: anything else is a 400,
// its message capitalised as Lever's are.
func readJSONObject(c *gin.Context, v any) error {
	return emulatorhttp.ReadJSONObject(c, v, func(format string, args ...any) error {
		return errBadRequest(strings.ToUpper(format[:1])+format[1:], args...)
	})
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
