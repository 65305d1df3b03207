package admin

import "github.com/gin-gonic/gin"

// SignedIn reports whether the request carries a valid admin session, for
// JSON APIs (the ops API) that also accept a bearer token and so answer an
// unauthenticated request themselves.
func (a *Admin) SignedIn(c *gin.Context) bool {
	_, ok := a.readSession(c)
	return ok
}

// FromThisSite reports whether a browser says a request came from this
// site. A JSON API authenticated by the session cookie carries no form
// token, so unlike the settings forms it needs Origin (or Referer) present
// and the gateway's own: a cross-site post is refused.
func (a *Admin) FromThisSite(c *gin.Context) bool {
	from := c.GetHeader("Origin")
	if from == "" {
		from = c.GetHeader("Referer")
	}
	return from != "" && a.sameOrigin(c, from)
}
