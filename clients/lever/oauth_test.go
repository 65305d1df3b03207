package lever_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/cjlever/cjlever/clients/lever"
)

func TestAuthCodeURLAsksForTheAudienceAndScopes(t *testing.T) {
	app := lever.OAuthApp{ClientID: "cid", ClientSecret: "cs", RedirectURL: "https://cj.example/settings/oauth/callback"}
	u, err := url.Parse(lever.Sandbox.AuthCodeURL(app, "st4te"))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Host != "sandbox-lever.auth0.com" || q.Get("audience") != lever.Sandbox.Audience ||
		q.Get("state") != "st4te" || q.Get("response_type") != "code" || q.Get("redirect_uri") != app.RedirectURL {
		t.Fatalf("authorize URL %s", u)
	}
	for _, s := range []string{"offline_access", "postings:read:admin", "webhooks:write:admin"} {
		if !strings.Contains(" "+q.Get("scope")+" ", " "+s+" ") {
			t.Errorf("scope %q missing from %q", s, q.Get("scope"))
		}
	}
}

// tokenServer answers code and refresh grants; a refresh token other than
// "good-refresh" is refused as invalid_grant, as Lever refuses a used one.
func tokenServer(t *testing.T) lever.Environment {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		ok := (r.Form.Get("grant_type") == "authorization_code" && r.Form.Get("code") == "the-code") ||
			(r.Form.Get("grant_type") == "refresh_token" && r.Form.Get("refresh_token") == "good-refresh")
		if !ok || r.Form.Get("client_secret") != "cs" {
			w.WriteHeader(http.StatusForbidden)
			_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant", "error_description": "no"})
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "at-" + r.Form.Get("grant_type"),
			"refresh_token": "rotated", "token_type": "Bearer", "expires_in": 3600})
	}))
	t.Cleanup(srv.Close)
	return lever.Environment{Name: "test", AuthorizeURL: srv.URL + "/authorize", TokenURL: srv.URL + "/oauth/token",
		Audience: srv.URL + "/v1/", APIBaseURL: srv.URL + "/v1"}
}

func TestExchangeAndRefreshRotateTokens(t *testing.T) {
	env := tokenServer(t)
	app := lever.OAuthApp{ClientID: "cid", ClientSecret: "cs", RedirectURL: "http://localhost/cb"}
	ctx := context.Background()
	tok, err := env.Exchange(ctx, app, nil, "the-code")
	if err != nil || tok.AccessToken != "at-authorization_code" || tok.RefreshToken != "rotated" || tok.Expiry.IsZero() {
		t.Fatalf("exchange: %+v, %v", tok, err)
	}
	tok, err = env.Refresh(ctx, app, nil, "good-refresh")
	if err != nil || tok.AccessToken != "at-refresh_token" || tok.RefreshToken != "rotated" {
		t.Fatalf("refresh: %+v, %v", tok, err)
	}
}

func TestARefusedRefreshIsInvalidGrant(t *testing.T) {
	env := tokenServer(t)
	app := lever.OAuthApp{ClientID: "cid", ClientSecret: "cs"}
	_, err := env.Refresh(context.Background(), app, nil, "used-refresh")
	if !errors.Is(err, lever.ErrInvalidGrant) {
		t.Fatalf("refresh with a used token: %v, want ErrInvalidGrant", err)
	}
	_, err = env.Exchange(context.Background(), lever.OAuthApp{ClientID: "cid", ClientSecret: "wrong"}, nil, "the-code")
	if !errors.Is(err, lever.ErrInvalidGrant) {
		t.Fatalf("exchange with a wrong secret: %v, want ErrInvalidGrant", err)
	}
}

func TestAuthorizingClientSendsTheBearerToken(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("Authorization")
		_, _ = w.Write([]byte(`{"data":[],"hasNext":false}`))
	}))
	defer srv.Close()
	hc := lever.AuthorizingClient(nil, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "abc", TokenType: "Bearer"}))
	c, err := lever.New(lever.Config{BaseURL: srv.URL + "/v1", HTTPClient: hc, Account: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListStages(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got != "Bearer abc" {
		t.Fatalf("Authorization %q", got)
	}
}
