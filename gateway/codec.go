package gateway

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// mountCodec serves the Temporal UI's codec calls: the CORS preflight is
// open (a browser sends it without credentials), encode and decode pass
// requireAdmin first.
func mountCodec(e *gin.Engine, codec http.Handler, requireAdmin gin.HandlerFunc) {
	if codec == nil {
		return
	}
	if requireAdmin == nil {
		// The settings page's admin session check belongs here, passed in as
		// Deps.RequireAdmin; without it nobody may decode.
		requireAdmin = refuseEveryone
	}
	h := gin.WrapH(codec)
	e.OPTIONS("/codec/*path", h)
	e.POST("/codec/*path", requireAdmin, h)
}

// refuseEveryone stands in for a missing admin check.
func refuseEveryone(c *gin.Context) {
	abortWithError(c, http.StatusUnauthorized, "sign in to the settings page to decode payloads")
}
