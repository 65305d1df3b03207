package lever

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

const testAPIKey = "lever_test_key_0123"

// seenRequest is what fakeLever recorded of one request.
type seenRequest struct {
	Method      string
	EscapedPath string
	RawQuery    string
	Body        []byte
	Header      http.Header
}

// fakeLever serves handler behind a real HTTP server and records requests.
type fakeLever struct {
	srv  *httptest.Server
	mu   sync.Mutex
	seen []seenRequest
}

func newFakeLever(t *testing.T, handler func(w http.ResponseWriter, r *http.Request, body []byte)) *fakeLever {
	t.Helper()
	f := &fakeLever{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.seen = append(f.seen, seenRequest{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, body, r.Header.Clone()})
		f.mu.Unlock()
		handler(w, r, body)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeLever) requests() []seenRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seenRequest(nil), f.seen...)
}

// client returns a Client of the fake with pacing off; mutate adjusts the
// config.
func (f *fakeLever) client(t *testing.T, mutate ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{BaseURL: f.srv.URL + "/v1", APIKey: testAPIKey, RequestsPerSecond: -1, Account: "test"}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// writeRaw answers status with a literal JSON body.
func writeRaw(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func TestNewNeedsCredentials(t *testing.T) {
	if _, err := New(Config{BaseURL: "http://lever.test/v1"}); err == nil {
		t.Fatal("New without an API key or an HTTP client succeeded")
	}
	if _, err := New(Config{BaseURL: "not a url", APIKey: "k"}); err == nil {
		t.Fatal("New with a relative base URL succeeded")
	}
}

func TestAPIKeyIsBasicAuthUserWithEmptyPassword(t *testing.T) {
	f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeRaw(w, http.StatusOK, `{"data":[],"hasNext":false}`)
	})
	if _, err := f.client(t).ListStages(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := f.requests()[0]
	req := &http.Request{Header: r.Header}
	user, pass, ok := req.BasicAuth()
	if !ok || user != testAPIKey || pass != "" {
		t.Fatalf("basic auth = (%q, %q, %v), want the key and an empty password", user, pass, ok)
	}
}

// authTransport stands in for an oauth2 transport.
type authTransport struct{ base http.RoundTripper }

func (a authTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer oauth-access-token")
	return a.base.RoundTrip(r)
}

func TestOAuthClientIsNotGivenBasicAuth(t *testing.T) {
	f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeRaw(w, http.StatusOK, `{"data":[],"hasNext":false}`)
	})
	c := f.client(t, func(cfg *Config) {
		cfg.APIKey = ""
		cfg.HTTPClient = &http.Client{Transport: authTransport{http.DefaultTransport}}
	})
	if _, err := c.ListUsers(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := f.requests()[0].Header.Get("Authorization"); got != "Bearer oauth-access-token" {
		t.Fatalf("Authorization = %q, want the transport's bearer token", got)
	}
}
