package gateway

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/gateway/admin"
)

// unusedStore satisfies admin.Store; these tests never reach it.
type unusedStore struct{ admin.Store }

// countingCodec stands in for the codec server and counts what reaches it.
type countingCodec struct{ posts, preflights atomic.Int32 }

func (c *countingCodec) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodOptions {
		c.preflights.Add(1)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	c.posts.Add(1)
	_, _ = io.WriteString(w, `{"payloads":[]}`)
}

// settingsServer serves the router with the given admin options, its
// public URL being its own.
func settingsServer(t *testing.T, opts admin.Options, codec http.Handler) *httptest.Server {
	t.Helper()
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	opts.PublicURL = srv.URL
	h = NewRouter(Deps{Connections: testConnections(t), Workflows: newFakeWorkflows(), Admin: opts, Codec: codec})
	return srv
}

func codecPost(t *testing.T, c *http.Client, base string) int {
	t.Helper()
	res, err := c.Post(base+"/codec/decode", "application/json", strings.NewReader(`{"payloads":[]}`))
	require.NoError(t, err)
	res.Body.Close()
	return res.StatusCode
}

func TestSettingsOffSaysHowToTurnItOn(t *testing.T) {
	codec := &countingCodec{}
	srv := settingsServer(t, admin.Options{}, codec)
	for _, path := range []string{"/settings", "/settings/connections/acme"} {
		res, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		require.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
		require.Contains(t, string(body), "Set CJLEVER_ADMIN_PASSWORD")
	}
	require.Equal(t, http.StatusServiceUnavailable, codecPost(t, http.DefaultClient, srv.URL), "no sign-in: the codec stays shut")
	require.Zero(t, codec.posts.Load())
}

func TestCodecNeedsTheAdminSessionButNotItsPreflight(t *testing.T) {
	const password = "correct horse battery staple"
	codec := &countingCodec{}
	srv := settingsServer(t, admin.Options{Password: password, Store: unusedStore{}}, codec)

	req, _ := http.NewRequest(http.MethodOptions, srv.URL+"/codec/decode", nil)
	req.Header.Set("Origin", "http://localhost:8233")
	req.Header.Set("Access-Control-Request-Method", "POST")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusNoContent, res.StatusCode)
	require.EqualValues(t, 1, codec.preflights.Load())

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	require.Equal(t, http.StatusUnauthorized, codecPost(t, c, srv.URL))
	require.Zero(t, codec.posts.Load())

	res, err = c.PostForm(srv.URL+"/settings/signin", url.Values{"password": {password}})
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	require.Equal(t, http.StatusOK, codecPost(t, c, srv.URL))
	require.EqualValues(t, 1, codec.posts.Load())
}
