package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestAnonymousGetsSignInOr401AndNeverData(t *testing.T) {
	s := newSite(t, oneConnection())
	c := newClient(t)

	for _, path := range []string{"/settings", "/settings/connections/acme", "/settings/connections/acme/disable", "/settings/oauth/callback?code=x&state=y"} {
		res := get(t, c, s.URL+path)
		require.Equal(t, http.StatusUnauthorized, res.Status, path)
		require.Contains(t, res.Body, `name="password"`, "%s shows the sign-in form", path)
		require.NotContains(t, res.Body, "Connected", path)
		require.NotContains(t, res.Body, "Codejudge assessment", path)
	}

	req, _ := http.NewRequest(http.MethodGet, s.URL+"/settings", nil)
	req.Header.Set("Accept", "application/json")
	res := do(t, c, req)
	require.Equal(t, http.StatusUnauthorized, res.Status)
	require.JSONEq(t, `{"error":"sign in at /settings first"}`, res.Body)

	for _, path := range []string{"/settings/connections", "/settings/connections/acme", "/settings/connections/acme/connect",
		"/settings/connections/acme/webhooks", "/settings/connections/acme/disable", "/settings/signout"} {
		res := post(t, c, s.URL+path, url.Values{"id": {"evil"}, "csrf": {"guess"}})
		require.Equal(t, http.StatusUnauthorized, res.Status, path)
		require.NotContains(t, res.Body, "Codejudge assessment", path)
	}
	req, _ = http.NewRequest(http.MethodPost, s.URL+"/script-endpoint", nil)
	require.Equal(t, http.StatusUnauthorized, do(t, c, req).Status, "RequireSession refuses")
	require.Empty(t, s.Store.Calls(), "no Store call for an anonymous request")
}

func TestSignInAndOut(t *testing.T) {
	s := newSite(t, oneConnection())
	c := newClient(t)

	res := post(t, c, s.URL+"/settings/signin", url.Values{"password": {"wrong password!"}, "next": {"/settings/connections/acme"}})
	require.Equal(t, http.StatusUnauthorized, res.Status)
	require.Contains(t, res.Body, "That password is not right.")
	require.Empty(t, res.Header.Values("Set-Cookie"), "no session for a wrong password")
	require.Equal(t, "/settings", get(t, c, s.URL+"/settings/signin").Location, "a reload of the refused form")

	res = post(t, c, s.URL+"/settings/signin", url.Values{"password": {testPassword}, "next": {"/settings/connections/acme"}})
	require.Equal(t, http.StatusSeeOther, res.Status)
	require.Equal(t, "/settings/connections/acme", res.Location, "back to the page that asked for sign-in")
	cookie := res.Header.Get("Set-Cookie")
	require.Contains(t, cookie, "cjlever_admin=")
	require.Contains(t, cookie, "HttpOnly")
	require.Contains(t, cookie, "SameSite=Lax")
	require.NotContains(t, cookie, "Secure", "plain http on loopback: a developer's machine")
	require.Contains(t, cookie, "Max-Age=43200", "12 hours")

	page := get(t, c, s.URL+"/settings")
	require.Equal(t, http.StatusOK, page.Status)
	require.Contains(t, page.Body, "Codejudge assessment")
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/script-endpoint", nil)
	require.Equal(t, "reached", do(t, c, req).Body, "RequireSession lets a signed-in admin through")

	res = post(t, c, s.URL+"/settings/signout", url.Values{"csrf": {csrfOf(t, page.Body)}})
	require.Equal(t, http.StatusSeeOther, res.Status)
	require.Equal(t, http.StatusUnauthorized, get(t, c, s.URL+"/settings").Status, "signed out")
}

func TestSignInKeepsNextOnTheSettingsPages(t *testing.T) {
	s := newSite(t, oneConnection())
	for _, next := range []string{"https://evil.example/", "//evil.example", "/webhooks/lever/acme", "/settings\\..\\x", ""} {
		res := post(t, newClient(t), s.URL+"/settings/signin", url.Values{"password": {testPassword}, "next": {next}})
		require.Equal(t, "/settings", res.Location, next)
	}
}

func TestWrongPasswordsAreThrottled(t *testing.T) {
	s := newSite(t, oneConnection())
	c := newClient(t)
	for range 10 {
		res := post(t, c, s.URL+"/settings/signin", url.Values{"password": {"guess"}})
		require.Equal(t, http.StatusUnauthorized, res.Status)
	}
	res := post(t, c, s.URL+"/settings/signin", url.Values{"password": {testPassword}})
	require.Equal(t, http.StatusTooManyRequests, res.Status, "even the right password waits")
	require.Contains(t, res.Body, "Too many wrong passwords")
	require.Equal(t, "60", res.Header.Get("Retry-After"))

	s.Clock.now = s.Clock.now.Add(time.Minute)
	require.Equal(t, http.StatusSeeOther, post(t, c, s.URL+"/settings/signin", url.Values{"password": {testPassword}}).Status)
}

func TestSessionExpiresAndIsCheckedByAnyProcess(t *testing.T) {
	s := newSite(t, oneConnection())
	c := newClient(t)
	s.signIn(t, c)
	u, _ := url.Parse(s.URL)
	cookies := c.Jar.Cookies(u)

	// A second gateway process with the same password and secret accepts the
	// cookie; one with another secret does not.
	other := newSite(t, oneConnection())
	c2 := newClient(t)
	u2, _ := url.Parse(other.URL)
	c2.Jar.SetCookies(u2, cookies)
	require.Equal(t, http.StatusOK, get(t, c2, other.URL+"/settings").Status)

	s.Clock.now = s.Clock.now.Add(12*time.Hour + time.Second)
	require.Equal(t, http.StatusUnauthorized, get(t, c, s.URL+"/settings").Status, "expired")

	tampered := *cookies[0]
	tampered.Value = strings.Replace(tampered.Value, ".", "x.", 1)
	c3 := newClient(t)
	c3.Jar.SetCookies(u2, []*http.Cookie{&tampered})
	require.Equal(t, http.StatusUnauthorized, get(t, c3, other.URL+"/settings").Status, "tampered")
}
