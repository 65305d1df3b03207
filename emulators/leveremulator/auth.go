package leveremulator

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
)

// callerKey is where authenticate leaves the request's caller in the gin
// context.
const callerKey = "leveremulator.caller"

// caller is whom a /v1 request comes from: an account, and the OAuth scopes
// its token was granted. An API key has every scope.
type caller struct {
	account *account
	apiKey  bool
	scopes  []string
	// unmetered: the request came with an unmetered API key, which the
	// rate limit lets through.
	unmetered bool
}

// accountOf is the account of an authenticated request.
func accountOf(c *gin.Context) *account { return c.MustGet(callerKey).(caller).account }

// authenticate accepts Lever's two kinds of credentials: an OAuth access
// token (Authorization: Bearer), which names its account, or an API key as
// the HTTP Basic user name (the password is ignored). Anything else, or an
// expired token, is a 401.
func (e *Emulator) authenticate(c *gin.Context) {
	if token, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer "); ok {
		g, ok := e.oauth.accessGrant(token)
		a := e.account(g.account)
		if !ok || a == nil {
			c.Header("WWW-Authenticate", `Bearer error="invalid_token"`)
			writeError(c, errUnauthorized("Invalid or expired access token"))
			return
		}
		c.Set(callerKey, caller{account: a, scopes: g.scopes})
		c.Next()
		return
	}
	user, _, _ := c.Request.BasicAuth()
	a := e.accountByAPIKey(user)
	if a == nil {
		c.Header("WWW-Authenticate", `Basic realm="Lever API"`)
		writeError(c, errUnauthorized("Invalid API key"))
		return
	}
	c.Set(callerKey, caller{account: a, apiKey: true, unmetered: user != a.apiKey})
	c.Next()
}

// readScope is what lets a token read resource: Lever's read scope, or its
// write scope, which includes reading.
func readScope(resource string) []string {
	return []string{resource + ":read:admin", resource + ":write:admin"}
}

// writeScope is what lets a token change resource.
func writeScope(resource string) []string { return []string{resource + ":write:admin"} }

// needs answers 403 unless the caller's token was granted one of scopes.
func needs(scopes []string) gin.HandlerFunc {
	return func(c *gin.Context) {
		cl := c.MustGet(callerKey).(caller)
		if !cl.apiKey && !slices.ContainsFunc(scopes, func(s string) bool { return slices.Contains(cl.scopes, s) }) {
			writeError(c, &apiError{Status: http.StatusForbidden, Code: "ForbiddenError",
				Message: "This token lacks the scope " + strings.Join(scopes, " or ")})
			return
		}
		c.Next()
	}
}
