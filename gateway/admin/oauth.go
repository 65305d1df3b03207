package admin

import (
	"crypto/subtle"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// The OAuth state travels to Lever and back in the URL; the browser that
// started the sign-in also holds it in a short-lived signed cookie, so a
// callback only completes in that browser (a forged or replayed callback
// finds no matching cookie). The Store records the state too and accepts it
// once.
const (
	oauthCookie     = "cjlever_oauth"
	oauthCookiePath = "/settings/oauth"
	oauthCookieTTL  = 10 * time.Minute
)

// oauthBinding is the signed content of the OAuth cookie.
type oauthBinding struct {
	State        string `json:"state"`
	ConnectionID string `json:"id"`
	Exp          int64  `json:"exp"`
}

// connectLever starts "Connect Lever": it binds a new state to this browser
// and sends the browser to Lever's consent page.
func (a *Admin) connectLever(c *gin.Context) {
	id := c.Param("id")
	b := oauthBinding{State: randomToken(), ConnectionID: id, Exp: a.now().Add(oauthCookieTTL).Unix()}
	authorizeURL, err := a.store.BeginOAuth(c.Request.Context(), id, b.State)
	if err != nil {
		a.storeFailed(c, err, id)
		return
	}
	a.setCookie(c, oauthCookie, seal(a.keys.oauth, b), oauthCookiePath, int(oauthCookieTTL.Seconds()))
	c.Redirect(http.StatusSeeOther, authorizeURL)
}

// oauthCallback is where Lever sends the browser back, with a code or an
// error. The cookie is spent whatever happens.
func (a *Admin) oauthCallback(c *gin.Context) {
	a.setCookie(c, oauthCookie, "", oauthCookiePath, -1)
	b, ok := a.readBinding(c)
	if !ok {
		a.pages.renderMessage(c, http.StatusBadRequest, message{
			Heading: "Lever sign-in could not be finished",
			Text: "This sign-in was not started from this browser, or it took longer than " +
				"10 minutes. Open the connection and click \"Connect Lever\" again.",
			BackURL: "/settings", BackText: "Back to all connections",
		})
		return
	}
	if c.Query("error") != "" {
		c.Redirect(http.StatusSeeOther, connectionURL(b.ConnectionID)+"?done=denied")
		return
	}
	if err := a.store.CompleteOAuth(c.Request.Context(), b.ConnectionID, b.State, c.Query("code")); err != nil {
		a.storeFailed(c, err, b.ConnectionID)
		return
	}
	c.Redirect(http.StatusSeeOther, connectionURL(b.ConnectionID)+"?done=connected")
}

// readBinding returns the cookie's binding when it is genuine, unexpired and
// holds the state the callback carries.
func (a *Admin) readBinding(c *gin.Context) (oauthBinding, bool) {
	raw, err := c.Cookie(oauthCookie)
	if err != nil {
		return oauthBinding{}, false
	}
	var b oauthBinding
	if !unseal(a.keys.oauth, raw, &b) || b.State == "" || expired(b.Exp, a.now()) {
		return oauthBinding{}, false
	}
	state := c.Query("state")
	if subtle.ConstantTimeCompare([]byte(state), []byte(b.State)) != 1 {
		return oauthBinding{}, false
	}
	return b, true
}
