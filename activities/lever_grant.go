package activities

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"go.temporal.io/sdk/temporal"
	"golang.org/x/oauth2"

	"github.com/cjlever/cjlever/clients/lever"
)

// LeverTokenIssuer hands out a connection's valid OAuth access token (a
// connections.Directory asks the connection's workflow), with ExpiresIn
// the token's lifetime in seconds when known. stale, when set, is
// a token Lever refused: the issuer refreshes unless it holds another one.
// An error for a connection that needs re-authorisation carries a
// *temporal.ApplicationError of type ErrTypeNeedsReauthorization.
type LeverTokenIssuer interface {
	LeverToken(ctx context.Context, connectionID, stale string) (*oauth2.Token, error)
}

// tokenRequestTimeout bounds asking for a token: oauth2.TokenSource has no
// context of its own.
const tokenRequestTimeout = time.Minute

// maxTokenRefreshMargin is TokenRefreshMargin for tokens of eight minutes
// or more, Lever's hour among them.
const maxTokenRefreshMargin = 2 * time.Minute

// TokenRefreshMargin is how long before its expiry an access token that
// lives for lifetime stops being handed out: the Connection workflow
// refreshes it then, and a worker process stops reusing it then. One rule
// for both, so a process asks only when the workflow will refresh. It is
// two minutes, or a quarter of a shorter lifetime (so a short-lived token
// is still used for most of its life rather than refreshed on every call);
// two minutes when the lifetime is unknown.
func TokenRefreshMargin(lifetime time.Duration) time.Duration {
	if lifetime <= 0 {
		return maxTokenRefreshMargin
	}
	return min(maxTokenRefreshMargin, lifetime/4)
}

// grantTokens is one connection's access token in this process. Its lock
// makes one process ask for one token at a time; the connection's workflow
// makes the whole deployment refresh once.
type grantTokens struct {
	connectionID string
	issuer       LeverTokenIssuer

	mu  sync.Mutex
	tok *oauth2.Token
}

// Token implements oauth2.TokenSource.
func (g *grantTokens) Token() (*oauth2.Token, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.tok != nil && time.Until(g.tok.Expiry) > TokenRefreshMargin(time.Duration(g.tok.ExpiresIn)*time.Second) {
		return g.tok, nil
	}
	return g.fetch("")
}

// refused is called when Lever answered 401 to stale: it returns a new
// token, asking the workflow to refresh only if nobody here already did.
func (g *grantTokens) refused(stale string) (*oauth2.Token, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.tok != nil && g.tok.AccessToken != stale {
		return g.tok, nil
	}
	return g.fetch(stale)
}

// fetch asks the issuer; callers hold g.mu.
func (g *grantTokens) fetch(stale string) (*oauth2.Token, error) {
	ctx, cancel := context.WithTimeout(context.Background(), tokenRequestTimeout)
	defer cancel()
	tok, err := g.issuer.LeverToken(ctx, g.connectionID, stale)
	if err != nil {
		g.tok = nil
		return nil, err
	}
	g.tok = tok
	return tok, nil
}

// authorizing is base sending this grant's bearer token, and trying once
// more with a new token when Lever refuses one (401).
func (g *grantTokens) authorizing(base *http.Client) *http.Client {
	inner := &http.Client{}
	if base != nil {
		*inner = *base
	}
	transport := inner.Transport
	if transport == nil {
		transport = http.DefaultTransport
	}
	inner.Transport = &retryRefusedToken{base: transport, grant: g}
	return lever.AuthorizingClient(inner, g)
}

// retryRefusedToken sits under the oauth2 transport: it sees the bearer
// token each request carried.
type retryRefusedToken struct {
	base  http.RoundTripper
	grant *grantTokens
}

func (t *retryRefusedToken) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusUnauthorized || (req.Body != nil && req.GetBody == nil) {
		return resp, err
	}
	stale := strings.TrimPrefix(req.Header.Get("Authorization"), "Bearer ")
	tok, terr := t.grant.refused(stale)
	if terr != nil || tok.AccessToken == stale {
		return resp, nil // the 401 stands
	}
	retry := req.Clone(req.Context())
	if req.GetBody != nil {
		if retry.Body, err = req.GetBody(); err != nil {
			return resp, nil
		}
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	retry.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	return t.base.RoundTrip(retry)
}

// needsReauthorization is the error of a Lever call for a connection whose
// grant Lever refused.
func needsReauthorization(connectionID string) error {
	return temporal.NewNonRetryableApplicationError(
		"connection "+connectionID+" needs to be connected to Lever again", ErrTypeNeedsReauthorization, nil)
}

// isNeedsReauthorization finds the issuer's refusal in a failed call.
func isNeedsReauthorization(err error) bool {
	var appErr *temporal.ApplicationError
	return errors.As(err, &appErr) && appErr.Type() == ErrTypeNeedsReauthorization
}
