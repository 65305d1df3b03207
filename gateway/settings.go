package gateway

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/gateway/admin"
)

// mountAdmin serves the settings page and the codec endpoints. The codec's
// POSTs decode Temporal payloads (candidate data), so they need the admin
// session; with the page off they are refused. Its OPTIONS preflight is open:
// browsers send it without cookies. It returns the page, nil when it is off,
// for the other routes that accept its session.
func (rt *router) mountAdmin(e *gin.Engine, opts admin.Options, codec http.Handler) *admin.Admin {
	if opts.Logger == nil {
		opts.Logger = rt.log
	}
	requireSession := func(c *gin.Context) {
		abortWithError(c, http.StatusServiceUnavailable, "sign-in is off: set "+admin.PasswordVar+" to use the codec endpoints")
	}
	var a *admin.Admin
	if off := opts.Off(); off != "" {
		admin.MountOff(e, off)
	} else {
		var err error
		a, err = admin.New(opts)
		if err != nil {
			panic("gateway: " + err.Error()) // a wiring mistake, found at start-up
		}
		a.Mount(e)
		requireSession = a.RequireSession()
	}
	if codec != nil {
		e.OPTIONS("/codec/*path", gin.WrapH(codec))
		e.POST("/codec/*path", requireSession, gin.WrapH(codec))
	}
	return a
}
