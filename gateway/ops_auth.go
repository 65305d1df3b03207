package gateway

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/gateway/admin"
)

// actorKey is where opsAuth leaves who is acting, for the audit.
const actorKey = "ops.actor"

// Actors of the ops API, as the audit names them.
const (
	actorToken = "ops-api:token"
	actorAdmin = "ops-api:admin"
)

// opsAuth lets through a request with the ops bearer token (when one is
// configured), or with the admin session (adminPage nil: none), and answers
// anyone else 401 with no data. A cookie-authenticated POST must also come from this site: a JSON
// API has no form token, so the Origin rule is what stops a cross-site post.
func opsAuth(token config.Secret, adminPage *admin.Admin) gin.HandlerFunc {
	want := sha256.Sum256([]byte(token.Reveal()))
	return func(c *gin.Context) {
		if bearer, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer "); ok {
			got := sha256.Sum256([]byte(bearer))
			if token.IsSet() && subtle.ConstantTimeCompare(got[:], want[:]) == 1 {
				c.Set(actorKey, actorToken)
				c.Next()
				return
			}
			abortWithError(c, http.StatusUnauthorized, "wrong ops token")
			return
		}
		if adminPage == nil || !adminPage.SignedIn(c) {
			c.Header("WWW-Authenticate", `Bearer realm="cjlever ops"`)
			abortWithError(c, http.StatusUnauthorized, "send Authorization: Bearer <"+OpsTokenVar+"> or sign in at /settings")
			return
		}
		if c.Request.Method != http.MethodGet && !adminPage.FromThisSite(c) {
			abortWithError(c, http.StatusForbidden, "a signed-in post must come from this site")
			return
		}
		c.Set(actorKey, actorAdmin)
		c.Next()
	}
}

// OpsTokenVar names the ops API's token in the environment.
const OpsTokenVar = "CJLEVER_OPS_TOKEN"
