package admin_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/gateway/admin"
)

const testPassword = "correct horse battery staple"

// testClock is a settable clock for session expiry.
type testClock struct{ now time.Time }

func (c *testClock) Now() time.Time { return c.now }

// site is the settings page served over httptest with a fake Store.
type site struct {
	URL   string
	Store *fakeStore
	Clock *testClock
	Admin *admin.Admin
}

func newSite(t *testing.T, store *fakeStore) *site {
	t.Helper()
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	s := &site{URL: srv.URL, Store: store, Clock: &testClock{now: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)}}
	s.Admin = newAdmin(t, srv.URL, store, s.Clock, "")
	e := gin.New()
	s.Admin.Mount(e)
	e.POST("/script-endpoint", s.Admin.RequireSession(), func(c *gin.Context) { c.String(http.StatusOK, "reached") })
	// Stands in for Lever's consent page: the admin accepts at once.
	e.GET("/lever-consent", func(c *gin.Context) {
		c.Redirect(http.StatusSeeOther, "/settings/oauth/callback?code=consented&state="+url.QueryEscape(c.Query("state")))
	})
	handler = e
	return s
}

func newAdmin(t *testing.T, publicURL string, store admin.Store, clock *testClock, secret config.Secret) *admin.Admin {
	t.Helper()
	a, err := admin.New(admin.Options{
		Password: testPassword, SessionSecret: secret, PublicURL: publicURL,
		Environments: []string{"production", "sandbox"}, Store: store, Now: clock.Now,
	})
	require.NoError(t, err)
	return a
}

// newClient is a browser-like client: it keeps cookies and does not follow
// redirects, so tests see each 303.
func newClient(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// response is a read response.
type response struct {
	Status   int
	Body     string
	Header   http.Header
	Location string
}

func do(t *testing.T, c *http.Client, req *http.Request) response {
	t.Helper()
	res, err := c.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return response{Status: res.StatusCode, Body: string(b), Header: res.Header, Location: res.Header.Get("Location")}
}

func get(t *testing.T, c *http.Client, u string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "text/html")
	return do(t, c, req)
}

// post sends a form as a browser on the page's own origin would.
func post(t *testing.T, c *http.Client, u string, form url.Values) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "text/html")
	pu, _ := url.Parse(u)
	req.Header.Set("Origin", pu.Scheme+"://"+pu.Host)
	return do(t, c, req)
}

// signIn signs c in and returns the session's form token.
func (s *site) signIn(t *testing.T, c *http.Client) string {
	t.Helper()
	res := post(t, c, s.URL+"/settings/signin", url.Values{"password": {testPassword}, "next": {"/settings"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, "/settings", res.Location)
	return csrfOf(t, get(t, c, s.URL+"/settings").Body)
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, body string) string {
	t.Helper()
	m := csrfInput.FindStringSubmatch(body)
	require.NotNil(t, m, "the page has a form token")
	return m[1]
}

// methods lists the Store methods called, in order.
func methods(calls []call) []string {
	out := make([]string, len(calls))
	for i, c := range calls {
		out[i] = c.Method
	}
	return out
}

// writeCalls are the Store calls that change something.
func writeCalls(calls []call) []call {
	var out []call
	for _, c := range calls {
		if c.Method != "List" && c.Method != "View" {
			out = append(out, c)
		}
	}
	return out
}

func oneConnection() *fakeStore {
	return &fakeStore{views: []admin.View{{ID: "acme", Environment: "production", State: admin.StateActive, Auth: "oauth",
		TriggerStageID: "stage-2", PerformAs: "user-1",
		Stages: []admin.Stage{{ID: "stage-1", Text: "New applicant"}, {ID: "stage-2", Text: "Codejudge assessment"}}}}}
}
