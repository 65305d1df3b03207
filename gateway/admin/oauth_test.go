package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// oauthSite is a site whose Lever sign-in page is at lever.example, and a
// browser for it.
func oauthSite(t *testing.T) (*site, *http.Client) {
	store := oneConnection()
	store.authorizeURL = "https://lever.example/authorize"
	return newSite(t, store), newClient(t)
}

// startOAuth clicks "Connect Lever" and returns the state sent to Lever.
func startOAuth(t *testing.T, s *site, c *http.Client, token string) string {
	t.Helper()
	res := post(t, c, s.URL+"/settings/connections/acme/connect", url.Values{"csrf": {token}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.True(t, strings.HasPrefix(res.Location, "https://lever.example/authorize?state="), res.Location)
	cookie := res.Header.Get("Set-Cookie")
	require.Contains(t, cookie, "cjlever_oauth=")
	require.Contains(t, cookie, "Path=/settings/oauth")
	require.Contains(t, cookie, "HttpOnly")
	u, err := url.Parse(res.Location)
	require.NoError(t, err)
	return u.Query().Get("state")
}

func callback(t *testing.T, s *site, c *http.Client, query url.Values) response {
	t.Helper()
	return get(t, c, s.URL+"/settings/oauth/callback?"+query.Encode())
}

func completions(s *site) []call {
	var out []call
	for _, c := range s.Store.Calls() {
		if c.Method == "CompleteOAuth" {
			out = append(out, c)
		}
	}
	return out
}

func TestOAuthCompletesOnlyInTheBrowserThatStartedIt(t *testing.T) {
	s, c := oauthSite(t)
	store := s.Store
	token := s.signIn(t, c)
	state := startOAuth(t, s, c, token)
	require.Len(t, state, 43, "32 random bytes")
	require.Equal(t, call{Method: "BeginOAuth", ID: "acme", Arg: state}, writeCalls(store.Calls())[0])

	// Another signed-in browser without the cookie: refused.
	other := newClient(t)
	s.signIn(t, other)
	res := callback(t, s, other, url.Values{"code": {"c0de"}, "state": {state}})
	require.Equal(t, http.StatusBadRequest, res.Status)
	require.Contains(t, res.Body, "was not started from this browser")

	// The right browser with another state: refused, and the cookie is spent.
	res = callback(t, s, c, url.Values{"code": {"c0de"}, "state": {state + "x"}})
	require.Equal(t, http.StatusBadRequest, res.Status)
	res = callback(t, s, c, url.Values{"code": {"c0de"}, "state": {state}})
	require.Equal(t, http.StatusBadRequest, res.Status, "a refused callback spends the cookie")
	require.Empty(t, completions(s))

	state = startOAuth(t, s, c, token)
	res = callback(t, s, c, url.Values{"code": {"c0de"}, "state": {state}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, "/settings/connections/acme?done=connected", res.Location)
	require.Contains(t, res.Header.Get("Set-Cookie"), "cjlever_oauth=;", "the cookie is deleted")
	require.Equal(t, []call{{Method: "CompleteOAuth", ID: "acme", Arg: [2]string{state, "c0de"}}}, completions(s))
	require.Contains(t, get(t, c, s.URL+res.Location).Body, "Lever is connected.")

	res = callback(t, s, c, url.Values{"code": {"c0de"}, "state": {state}})
	require.Equal(t, http.StatusBadRequest, res.Status, "a replayed callback")
	require.Len(t, completions(s), 1)
}

func TestOAuthDeniedOrExpired(t *testing.T) {
	s, c := oauthSite(t)
	token := s.signIn(t, c)

	state := startOAuth(t, s, c, token)
	res := callback(t, s, c, url.Values{"error": {"access_denied"}, "state": {state}})
	require.Equal(t, http.StatusSeeOther, res.Status)
	require.Equal(t, "/settings/connections/acme?done=denied", res.Location)
	require.Contains(t, get(t, c, s.URL+res.Location).Body, "Lever access was not granted")

	state = startOAuth(t, s, c, token)
	s.Clock.now = s.Clock.now.Add(10 * time.Minute)
	res = callback(t, s, c, url.Values{"code": {"c0de"}, "state": {state}})
	require.Equal(t, http.StatusBadRequest, res.Status, "the binding lasts 10 minutes")
	require.Empty(t, completions(s))
}

func TestOAuthCodeRefusedByTheStore(t *testing.T) {
	s, c := oauthSite(t)
	store := s.Store
	state := startOAuth(t, s, c, s.signIn(t, c))
	store.failWith = wrapInvalid("Lever refused the sign-in code: it was used or has expired. Click \"Connect Lever\" again.")
	res := callback(t, s, c, url.Values{"code": {"old"}, "state": {state}})
	require.Equal(t, http.StatusBadRequest, res.Status)
	require.Contains(t, res.Body, "Lever refused the sign-in code")
	require.Contains(t, res.Body, `href="/settings/connections/acme"`)
}
