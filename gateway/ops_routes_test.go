package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/gateway/admin"
	"github.com/cjlever/cjlever/ops"
	"github.com/cjlever/cjlever/workflows"
)

const (
	opsToken      = "OPS-TOKEN-secret-0006"
	adminPassword = "correct horse battery staple"
)

// fakeOps records the calls of the ops API and answers what the test set.
type fakeOps struct {
	mu      sync.Mutex
	calls   []string
	filters []ops.Filter
	reqs    []workflows.OpsRequest
	err     error
}

func (f *fakeOps) record(call string, filter ops.Filter, req workflows.OpsRequest) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call)
	f.filters = append(f.filters, filter)
	f.reqs = append(f.reqs, req)
	return f.err
}

func (f *fakeOps) List(_ context.Context, filter ops.Filter) ([]ops.Summary, error) {
	return []ops.Summary{{WorkflowID: "assessment/acme/opp-1", Status: "NeedsAttention"}}, f.record("list", filter, workflows.OpsRequest{})
}

func (f *fakeOps) Show(_ context.Context, r ops.Ref) (ops.Detail, error) {
	return ops.Detail{Summary: ops.Summary{Connection: r.Connection, Opportunity: r.Opportunity}}, f.record("show "+r.Connection+"/"+r.Opportunity, ops.Filter{}, workflows.OpsRequest{})
}

func (f *fakeOps) Retry(_ context.Context, r ops.Ref, req workflows.OpsRequest) (workflows.AssessmentStatus, error) {
	return workflows.AssessmentStatus{State: workflows.StateInviting}, f.record("retry "+r.Connection+"/"+r.Opportunity, ops.Filter{}, req)
}

func (f *fakeOps) Dismiss(_ context.Context, r ops.Ref, req workflows.OpsRequest) (workflows.AssessmentStatus, error) {
	return workflows.AssessmentStatus{State: workflows.StateDismissed}, f.record("dismiss "+r.Connection+"/"+r.Opportunity, ops.Filter{}, req)
}

func (f *fakeOps) RetryAll(_ context.Context, filter ops.Filter, actor string) ([]ops.Outcome, error) {
	return []ops.Outcome{{WorkflowID: "assessment/acme/opp-1", Result: ops.OutcomeRetried}}, f.record("retry-all", filter, workflows.OpsRequest{Actor: actor})
}

// opsServer serves the router with the ops API (token as given) and the
// settings page on, its public URL being its own.
func opsServer(t *testing.T, token config.Secret) (*httptest.Server, *fakeOps) {
	t.Helper()
	return opsServerWith(t, token, adminPassword)
}

// opsServerWith is opsServer with the admin password given ("" turns the
// settings page, and so the admin session, off).
func opsServerWith(t *testing.T, token config.Secret, password string) (*httptest.Server, *fakeOps) {
	t.Helper()
	fake := &fakeOps{}
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	h = NewRouter(Deps{Connections: testConnections(t), Workflows: newFakeWorkflows(), Ops: fake, OpsToken: token,
		Admin: admin.Options{Password: config.Secret(password), Store: unusedStore{}, PublicURL: srv.URL}})
	return srv, fake
}

// opsCall sends one request and returns the status and body.
func opsCall(t *testing.T, c *http.Client, method, u, body string, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := c.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

var bearer = map[string]string{"Authorization": "Bearer " + opsToken}

func TestOpsAPIWithTheToken(t *testing.T) {
	srv, fake := opsServer(t, opsToken)
	c := http.DefaultClient
	for _, tc := range []struct {
		method, path, body, wantCall string
	}{
		{"GET", "/ops/assessments?status=NeedsAttention&connection=acme&older_than=2d", "", "list"},
		{"GET", "/ops/assessments/acme/opp-1", "", "show acme/opp-1"},
		{"POST", "/ops/assessments/acme/opp-1/retry", "", "retry acme/opp-1"},
		{"POST", "/ops/assessments/acme/opp-1/dismiss", `{"reason":"withdrew"}`, "dismiss acme/opp-1"},
		{"POST", "/ops/retry", `{"status":"NeedsAttention","connection":"acme"}`, "retry-all"},
	} {
		status, body := opsCall(t, c, tc.method, srv.URL+tc.path, tc.body, bearer)
		require.Equal(t, http.StatusOK, status, "%s %s: %s", tc.method, tc.path, body)
		require.True(t, json.Valid([]byte(body)), body)
		require.Equal(t, tc.wantCall, fake.calls[len(fake.calls)-1])
	}
	require.Equal(t, ops.Filter{Status: workflows.StateNeedsAttention, Connection: "acme", OlderThan: 48 * time.Hour}, fake.filters[0])
	require.Equal(t, workflows.OpsRequest{Actor: "ops-api:token"}, fake.reqs[2])
	require.Equal(t, workflows.OpsRequest{Actor: "ops-api:token", Reason: "withdrew"}, fake.reqs[3])
	require.Equal(t, ops.Filter{Status: workflows.StateNeedsAttention, Connection: "acme"}, fake.filters[4])
	require.Equal(t, "ops-api:token", fake.reqs[4].Actor)
}

func TestOpsAPIRefusesTheUnauthenticated(t *testing.T) {
	srv, fake := opsServer(t, opsToken)
	for _, header := range []map[string]string{nil, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic " + opsToken}} {
		for _, path := range []string{"/ops/assessments", "/ops/assessments/acme/opp-1"} {
			status, body := opsCall(t, http.DefaultClient, "GET", srv.URL+path, "", header)
			require.Equal(t, http.StatusUnauthorized, status, "%v %s", header, path)
			require.NotContains(t, body, "opp-1")
			require.NotContains(t, body, "NeedsAttention")
		}
		status, _ := opsCall(t, http.DefaultClient, "POST", srv.URL+"/ops/assessments/acme/opp-1/retry", "", header)
		require.Equal(t, http.StatusUnauthorized, status)
	}
	require.Empty(t, fake.calls)
}

func TestOpsAPIIsOffWithoutATokenOrAnAdmin(t *testing.T) {
	srv, fake := opsServerWith(t, "", "")
	status, _ := opsCall(t, http.DefaultClient, "GET", srv.URL+"/ops/assessments", "", bearer)
	require.Equal(t, http.StatusNotFound, status)
	require.Empty(t, fake.calls)
}

// Without a token the API serves the signed-in admin alone: no bearer,
// not even an empty one, gets in.
func TestOpsAPIWithoutATokenRefusesEveryBearer(t *testing.T) {
	srv, fake := opsServer(t, "")
	for _, header := range []map[string]string{bearer, {"Authorization": "Bearer "}, nil} {
		status, _ := opsCall(t, http.DefaultClient, "GET", srv.URL+"/ops/assessments", "", header)
		require.Equal(t, http.StatusUnauthorized, status, "%v", header)
	}
	require.Empty(t, fake.calls)
}

func TestOpsAPIWithTheAdminSession(t *testing.T) {
	srv, fake := opsServer(t, opsToken)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(srv.URL+"/settings/signin", url.Values{"password": {adminPassword}})
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusSeeOther, res.StatusCode)

	status, _ := opsCall(t, c, "GET", srv.URL+"/ops/assessments/acme/opp-1", "", nil)
	require.Equal(t, http.StatusOK, status)

	retry := srv.URL + "/ops/assessments/acme/opp-1/retry"
	for _, header := range []map[string]string{nil, {"Origin": "https://evil.example"}, {"Referer": "https://evil.example/page"}} {
		status, _ = opsCall(t, c, "POST", retry, "", header)
		require.Equal(t, http.StatusForbidden, status, "a cookie post %v", header)
	}
	status, body := opsCall(t, c, "POST", retry, "", map[string]string{"Origin": srv.URL})
	require.Equal(t, http.StatusOK, status, body)
	require.Equal(t, []string{"show acme/opp-1", "retry acme/opp-1"}, fake.calls)
	require.Equal(t, "ops-api:admin", fake.reqs[1].Actor)
}

func TestOpsAPIErrors(t *testing.T) {
	srv, fake := opsServer(t, opsToken)
	for _, tc := range []struct {
		err  error
		want int
	}{
		{fmt.Errorf("%w: bad", ops.ErrInvalid), http.StatusBadRequest},
		{fmt.Errorf("%w: gone", ops.ErrNotFound), http.StatusNotFound},
		{fmt.Errorf("%w: not parked", ops.ErrRefused), http.StatusConflict},
		{fmt.Errorf("connection refused"), http.StatusBadGateway},
	} {
		fake.err = tc.err
		status, body := opsCall(t, http.DefaultClient, "POST", srv.URL+"/ops/assessments/acme/opp-1/retry", "", bearer)
		require.Equal(t, tc.want, status, body)
		require.Contains(t, body, `"error"`)
	}
	fake.err = nil
	for _, tc := range []struct{ method, path, body string }{
		{"POST", "/ops/assessments/acme/opp-1/dismiss", `{}`},
		{"POST", "/ops/assessments/acme/opp-1/dismiss", `not json`},
		{"POST", "/ops/retry", `{"connection":"acme"}`},
		{"GET", "/ops/assessments?older_than=soon", ""},
	} {
		status, _ := opsCall(t, http.DefaultClient, tc.method, srv.URL+tc.path, tc.body, bearer)
		require.Equal(t, http.StatusBadRequest, status, "%s %s %s", tc.method, tc.path, tc.body)
	}
	require.Len(t, fake.calls, 4, "only the four error cases reached the service")
}

// Bad input is refused before the service is called: nothing malformed
// reaches Temporal's visibility store.
func TestOpsAPIRefusesBadInputBeforeTheService(t *testing.T) {
	srv, fake := opsServer(t, opsToken)
	dismiss := srv.URL + "/ops/assessments/acme/opp-1/dismiss"
	for _, tc := range []struct {
		method, url, body string
		want              int
		wantInBody        string
	}{
		{"POST", dismiss, `{"reason":"` + strings.Repeat("x", 100<<10) + `"}`, http.StatusRequestEntityTooLarge, "too large"},
		{"POST", dismiss, `{"reason":"` + strings.Repeat("x", ops.MaxReasonLen+1) + `"}`, http.StatusBadRequest, "longer than 1000 characters"},
		{"POST", dismiss, `{"reason":"   "}`, http.StatusBadRequest, "needs a reason"},
		{"POST", srv.URL + "/ops/retry", `{"status":"` + strings.Repeat("x", 100<<10) + `"}`, http.StatusRequestEntityTooLarge, "too large"},
		{"POST", srv.URL + "/ops/retry", `{"status":"Bogus"}`, http.StatusBadRequest, "NeedsAttention"},
		{"GET", srv.URL + "/ops/assessments?status=Bogus", "", http.StatusBadRequest, "NeedsAttention"},
		{"GET", srv.URL + "/ops/assessments?connection=acme%00", "", http.StatusBadRequest, "connection id"},
		{"GET", srv.URL + "/ops/assessments?connection=%FF", "", http.StatusBadRequest, "connection id"},
		{"GET", srv.URL + "/ops/assessments?older_than=12169727d", "", http.StatusBadRequest, "10 years"},
		{"GET", srv.URL + "/ops/assessments/acme/opp%00", "", http.StatusBadRequest, "opportunity id"},
		{"POST", srv.URL + "/ops/assessments/ac%01me/opp-1/retry", "", http.StatusBadRequest, "connection id"},
		{"POST", srv.URL + "/ops/assessments/acme/opp%FF/dismiss", `{"reason":"withdrew"}`, http.StatusBadRequest, "opportunity id"},
	} {
		status, body := opsCall(t, http.DefaultClient, tc.method, tc.url, tc.body, bearer)
		require.Equal(t, tc.want, status, "%s %.80s %.40s: %s", tc.method, tc.url, tc.body, body)
		require.Contains(t, body, tc.wantInBody)
	}
	require.Empty(t, fake.calls)
}
