package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestFormsWithoutTheSessionsTokenAreRefused(t *testing.T) {
	s := newSite(t, oneConnection())
	c := newClient(t)
	token := s.signIn(t, c)
	otherToken := s.signIn(t, newClient(t))
	require.NotEqual(t, token, otherToken, "each session has its own token")

	add := url.Values{"id": {"new"}, "environment": {"production"}, "codejudge_api_key": {"k"}, "codejudge_callback_secret": {"s"}}
	for name, csrf := range map[string][]string{"missing": nil, "wrong": {"not-the-token"}, "another session's": {otherToken}} {
		form := url.Values{}
		for k, v := range add {
			form[k] = v
		}
		form["csrf"] = csrf
		for _, path := range []string{"/settings/connections", "/settings/connections/acme", "/settings/connections/acme/connect",
			"/settings/connections/acme/webhooks", "/settings/connections/acme/disable"} {
			res := post(t, c, s.URL+path, form)
			require.Equal(t, http.StatusForbidden, res.Status, "%s token on %s", name, path)
			require.Contains(t, res.Body, "This form could not be accepted")
		}
	}
	require.Empty(t, writeCalls(s.Store.Calls()), "no change reaches the Store")
}

func TestFormsFromAnotherSiteAreRefused(t *testing.T) {
	s := newSite(t, oneConnection())
	c := newClient(t)
	token := s.signIn(t, c)
	form := url.Values{"csrf": {token}}
	for _, header := range []struct{ name, value string }{
		{"Origin", "https://evil.example"}, {"Origin", "null"}, {"Referer", "https://evil.example/page"},
	} {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/settings/connections/acme/disable", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(header.name, header.value)
		require.Equal(t, http.StatusForbidden, do(t, c, req).Status, "%s: %s", header.name, header.value)
	}
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/settings/signin", strings.NewReader(url.Values{"password": {testPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	require.Equal(t, http.StatusForbidden, do(t, newClient(t), req).Status, "sign-in from another site")
	require.Empty(t, writeCalls(s.Store.Calls()))

	req, _ = http.NewRequest(http.MethodPost, s.URL+"/settings/connections/acme/disable", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	require.Equal(t, http.StatusSeeOther, do(t, c, req).Status, "no Origin or Referer (a script): the token decides")
	require.Equal(t, []call{{Method: "Disable", ID: "acme"}}, writeCalls(s.Store.Calls()))
}
