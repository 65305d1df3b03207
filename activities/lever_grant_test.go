package activities

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// issuerStub hands out "old" until asked with stale "old", then "new".
type issuerStub struct {
	mu     sync.Mutex
	stales []string
}

func (s *issuerStub) LeverToken(_ context.Context, _, stale string) (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stales = append(s.stales, stale)
	tok := "old"
	if stale == "old" {
		tok = "new"
	}
	return &oauth2.Token{AccessToken: tok, TokenType: "Bearer", Expiry: time.Now().Add(time.Hour)}, nil
}

// A 401 leads to one token request naming the refused token, and the
// request is sent again, body and all, with the new token; the new token is
// then reused without asking again.
func TestRefusedTokenIsRefreshedOnceAndTheRequestRetried(t *testing.T) {
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		if r.Header.Get("Authorization") != "Bearer new" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	issuer := &issuerStub{}
	hc := (&grantTokens{connectionID: "acme", issuer: issuer}).authorizing(srv.Client())

	for range 2 {
		resp, err := hc.Post(srv.URL, "application/json", strings.NewReader(`{"x":1}`))
		require.NoError(t, err)
		_ = resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
	}
	require.Equal(t, []string{"", "old"}, issuer.stales, "one first token, one refresh naming the refused one")
	require.Equal(t, []string{`{"x":1}`, `{"x":1}`, `{"x":1}`}, bodies)
}

// The refresh margin is two minutes, or a quarter of a shorter lifetime.
func TestTokenRefreshMargin(t *testing.T) {
	require.Equal(t, 2*time.Minute, TokenRefreshMargin(time.Hour))
	require.Equal(t, 2*time.Minute, TokenRefreshMargin(0), "unknown lifetime")
	require.Equal(t, time.Second, TokenRefreshMargin(4*time.Second))
}

// A short-lived token is reused for most of its life, not fetched on every
// call as a fixed two-minute margin would.
func TestShortLivedTokenIsReused(t *testing.T) {
	issuer := &shortLivedIssuer{}
	g := &grantTokens{connectionID: "acme", issuer: issuer}
	for range 3 {
		_, err := g.Token()
		require.NoError(t, err)
	}
	require.Equal(t, 1, issuer.calls)
}

// shortLivedIssuer hands out tokens that live ten seconds.
type shortLivedIssuer struct{ calls int }

func (s *shortLivedIssuer) LeverToken(context.Context, string, string) (*oauth2.Token, error) {
	s.calls++
	return &oauth2.Token{AccessToken: "short", Expiry: time.Now().Add(10 * time.Second), ExpiresIn: 10}, nil
}
