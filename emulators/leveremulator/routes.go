package leveremulator

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/emulators/internal/emulatorhttp"
)

func (e *Emulator) routes() http.Handler {
	r := emulatorhttp.NewRouter(e.opts.Logger, "lever emulator", errInternal("internal error"), errNotFound)
	// Route on the escaped path, so an id with an escaped "/" stays one
	// path segment.
	r.UseRawPath = true
	r.UnescapePathValues = true
	r.Use(e.countRequest)

	// Each route needs the scope Lever's docs give it; any token may list
	// users.
	v1 := r.Group("/v1", e.outage.Refuse(errUnavailable()), e.authenticate, e.throttle)
	readOpps, writeOpps := needs(readScope("opportunities")), needs(writeScope("opportunities"))
	v1.GET("/opportunities", readOpps, e.handleListOpportunities)
	v1.POST("/opportunities", writeOpps, e.handleCreateOpportunity)
	v1.GET("/opportunities/:id", readOpps, e.handleGetOpportunity)
	v1.PUT("/opportunities/:id/stage", writeOpps, e.handleMoveStage)
	v1.PUT("/opportunities/:id/archived", writeOpps, e.handleArchive)
	v1.POST("/opportunities/:id/addTags", writeOpps, e.handleUpdateList("tags", tagsOf, addValues))
	v1.POST("/opportunities/:id/removeTags", writeOpps, e.handleUpdateList("tags", tagsOf, removeValues))
	v1.POST("/opportunities/:id/addLinks", writeOpps, e.handleUpdateList("links", linksOf, addValues))
	v1.POST("/opportunities/:id/removeLinks", writeOpps, e.handleUpdateList("links", linksOf, removeValues))
	v1.POST("/opportunities/:id/notes", needs(writeScope("notes")), e.handleAddNote)
	v1.GET("/opportunities/:id/notes", needs(readScope("notes")), e.handleListNotes)
	v1.GET("/stages", needs(readScope("stages")), e.handleListStages)
	v1.GET("/postings", needs(readScope("postings")), e.handleListPostings)
	v1.GET("/postings/:id", needs(readScope("postings")), e.handleGetPosting)
	v1.GET("/users", e.handleListUsers)
	v1.GET("/webhooks", needs(readScope("webhooks")), e.handleListWebhooks)
	v1.POST("/webhooks", needs(writeScope("webhooks")), e.handleCreateWebhook)
	v1.DELETE("/webhooks/:id", needs(writeScope("webhooks")), e.handleDeleteWebhook)

	r.GET("/oauth/authorize", e.handleAuthorizePage)
	r.POST("/oauth/authorize", e.handleAuthorizePage)
	r.POST("/oauth/token", e.outage.Refuse(errUnavailable()), e.handleToken)
	r.POST("/sandbox/outage", e.authenticate, e.outage.Switch(func(f string, a ...any) error { return errBadRequest(f, a...) }, writeError))
	return r
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
