package admin

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// sessionCookie holds the signed session. The session is stateless: signing
// out clears the cookie in this browser, and a copied cookie stays valid
// until it expires or the password or session secret changes.
const sessionCookie = "cjlever_admin"

// session is the signed content of the session cookie.
type session struct {
	ID  string `json:"id"`
	Exp int64  `json:"exp"`
}

// readSession returns the request's valid, unexpired session.
func (a *Admin) readSession(c *gin.Context) (session, bool) {
	raw, err := c.Cookie(sessionCookie)
	if err != nil {
		return session{}, false
	}
	var s session
	if !unseal(a.keys.session, raw, &s) || s.ID == "" || expired(s.Exp, a.now()) {
		return session{}, false
	}
	return s, true
}

// RequireSession lets only signed-in admins through and answers anyone else
// 401 JSON; for endpoints called by scripts, such as the codec server.
func (a *Admin) RequireSession() gin.HandlerFunc {
	return func(c *gin.Context) {
		if _, ok := a.readSession(c); !ok {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "sign in at /settings first"})
			return
		}
		c.Next()
	}
}

// pageSession lets only signed-in admins through; a browser without a
// session gets the sign-in page, anything else 401 JSON. Both are 401 and
// carry no data.
func (a *Admin) pageSession() gin.HandlerFunc {
	return func(c *gin.Context) {
		s, ok := a.readSession(c)
		if ok {
			c.Set(csrfTokenKey, a.csrfToken(s))
			c.Next()
			return
		}
		if c.NegotiateFormat(gin.MIMEHTML, gin.MIMEJSON) != gin.MIMEHTML {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "sign in at /settings first"})
			return
		}
		next := c.Request.URL.RequestURI()
		if c.Request.Method != http.MethodGet {
			next = c.Request.URL.Path
		}
		a.pages.render(c, http.StatusUnauthorized, "signin.html", "Sign in", signInForm{Next: localNext(next)})
	}
}

// signInForm is the body of signin.html.
type signInForm struct {
	Next, Error string
}

// signIn checks the password and sets the session cookie.
func (a *Admin) signIn(c *gin.Context) {
	next := localNext(c.PostForm("next"))
	now := a.now()
	if wait, ok := a.throttle.allow(now); !ok {
		c.Header("Retry-After", wait)
		a.pages.render(c, http.StatusTooManyRequests, "signin.html", "Sign in",
			signInForm{Next: next, Error: "Too many wrong passwords. Wait a minute, then try again."})
		return
	}
	if !a.passwordMatches(c.PostForm("password")) {
		a.throttle.fail(now)
		a.log.Warn("settings sign-in refused: wrong password")
		a.pages.render(c, http.StatusUnauthorized, "signin.html", "Sign in",
			signInForm{Next: next, Error: "That password is not right."})
		return
	}
	s := session{ID: randomToken(), Exp: now.Add(a.ttl).Unix()}
	a.setCookie(c, sessionCookie, seal(a.keys.session, s), "/", int(a.ttl.Seconds()))
	c.Redirect(http.StatusSeeOther, next)
}

// passwordMatches compares in constant time; hashing first hides the length.
func (a *Admin) passwordMatches(given string) bool {
	g, w := sha256.Sum256([]byte(given)), sha256.Sum256([]byte(a.password))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}

func (a *Admin) signOut(c *gin.Context) {
	a.setCookie(c, sessionCookie, "", "/", -1)
	c.Redirect(http.StatusSeeOther, "/settings?done=signed-out")
}

// setCookie sets an HttpOnly, SameSite=Lax cookie, Secure outside a
// developer's loopback; maxAge < 0 deletes it.
func (a *Admin) setCookie(c *gin.Context, name, value, path string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: path, MaxAge: maxAge,
		HttpOnly: true, Secure: a.secure, SameSite: http.SameSiteLaxMode,
	})
}

// localNext keeps a post-sign-in redirect on the settings pages, so the
// sign-in form cannot be used to send an admin elsewhere.
func localNext(next string) string {
	if next == "/settings" || (strings.HasPrefix(next, "/settings/") && !strings.ContainsAny(next, "\\")) {
		return next
	}
	return "/settings"
}
