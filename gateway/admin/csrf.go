package admin

import (
	"crypto/hmac"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"
)

// csrfField is the hidden form field that carries the token.
const csrfField = "csrf"

// csrfTokenKey is where pageSession leaves the session's form token.
const csrfTokenKey = "admin.csrf"

// csrfToken is the form token of session s: an HMAC of its id, so it needs no
// storage and another site cannot know it.
func (a *Admin) csrfToken(s session) string {
	return base64.RawURLEncoding.EncodeToString(mac(a.keys.csrf, s.ID))
}

// checkCSRF refuses a post whose form token is missing or not the session's.
// It runs after pageSession, which leaves the session's token.
func (a *Admin) checkCSRF() gin.HandlerFunc {
	return func(c *gin.Context) {
		want := c.GetString(csrfTokenKey)
		if want == "" || !hmac.Equal([]byte(c.PostForm(csrfField)), []byte(want)) {
			a.refuseForgery(c)
			return
		}
		c.Next()
	}
}

// checkOrigin refuses a post that a browser says came from another site.
// Browsers send Origin on posts; Referer is the fallback, and a request with
// neither (a script) is left to the CSRF token.
func (a *Admin) checkOrigin() gin.HandlerFunc {
	return func(c *gin.Context) {
		from := c.GetHeader("Origin")
		if from == "" {
			from = c.GetHeader("Referer")
		}
		if from != "" && !a.sameOrigin(c, from) {
			a.refuseForgery(c)
			return
		}
		c.Next()
	}
}

// sameOrigin accepts the public URL's origin and the host the browser
// addressed (a developer may use localhost for 127.0.0.1).
func (a *Admin) sameOrigin(c *gin.Context, from string) bool {
	u, err := url.Parse(from)
	if err != nil || u.Host == "" {
		return false // includes Origin: null
	}
	origin := u.Scheme + "://" + u.Host
	return strings.HasPrefix(a.publicURL+"/", origin+"/") || strings.EqualFold(u.Host, c.Request.Host)
}

func (a *Admin) refuseForgery(c *gin.Context) {
	a.pages.renderMessage(c, http.StatusForbidden, message{
		Heading: "This form could not be accepted",
		Text:    "The form was old or did not come from this settings page. Go back, reload the page and try again.",
		BackURL: "/settings", BackText: "Back to settings",
	})
}
