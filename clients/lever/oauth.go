package lever

import (
	"context"
	"errors"
	"net/http"

	"golang.org/x/oauth2"
)

// Environment is one Lever deployment a connection's account lives in: where
// its admins consent, where codes and refresh tokens are exchanged, and the
// API those tokens are for.
type Environment struct {
	Name         string
	AuthorizeURL string
	TokenURL     string
	// Audience is the API the tokens are for. Without it Lever's consent
	// screen shows only offline_access.
	Audience   string
	APIBaseURL string
}

// Lever's two environments (LEVER_API_NOTES.md, OAuth).
var (
	Production = Environment{
		Name:         "production",
		AuthorizeURL: "https://auth.lever.co/authorize",
		TokenURL:     "https://auth.lever.co/oauth/token",
		Audience:     "https://api.lever.co/v1/",
		APIBaseURL:   DefaultBaseURL,
	}
	Sandbox = Environment{
		Name:         "sandbox",
		AuthorizeURL: "https://sandbox-lever.auth0.com/authorize",
		TokenURL:     "https://sandbox-lever.auth0.com/oauth/token",
		Audience:     "https://api.sandbox.lever.co/v1/",
		APIBaseURL:   SandboxBaseURL,
	}
)

// Scopes are what an assessment partner asks for: offline_access for a
// refresh token, postings:read:admin to read a posting's test tags.
var Scopes = []string{
	"offline_access",
	"opportunities:write:admin",
	"notes:write:admin",
	"stages:read:admin",
	"tags:read:admin",
	"webhooks:write:admin",
	"postings:read:admin",
}

// OAuthApp is our application as registered with Lever: one per deployment.
type OAuthApp struct {
	ClientID     string
	ClientSecret string
	// RedirectURL must match the registered one exactly.
	RedirectURL string
}

// ErrInvalidGrant is a code or refresh token Lever refuses: used, revoked or
// expired. Only the account's admin can fix it, by connecting again.
var ErrInvalidGrant = errors.New("lever refused the grant: the account must be connected again")

func (e Environment) oauthConfig(app OAuthApp) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     app.ClientID,
		ClientSecret: app.ClientSecret,
		RedirectURL:  app.RedirectURL,
		Scopes:       Scopes,
		Endpoint: oauth2.Endpoint{
			AuthURL:   e.AuthorizeURL,
			TokenURL:  e.TokenURL,
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

// AuthCodeURL is where an admin's browser goes to consent; state comes back
// on the redirect.
func (e Environment) AuthCodeURL(app OAuthApp, state string) string {
	return e.oauthConfig(app).AuthCodeURL(state, oauth2.SetAuthURLParam("audience", e.Audience))
}

// Exchange trades the code from the redirect for tokens.
func (e Environment) Exchange(ctx context.Context, app OAuthApp, hc *http.Client, code string) (*oauth2.Token, error) {
	tok, err := e.oauthConfig(app).Exchange(withHTTPClient(ctx, hc), code)
	return tok, classifyGrantError(err)
}

// Refresh trades a refresh token for new tokens. Lever rotates refresh
// tokens: the answer carries a new one and the old one may be refused from
// now on, so the caller must store the result before anything else.
func (e Environment) Refresh(ctx context.Context, app OAuthApp, hc *http.Client, refreshToken string) (*oauth2.Token, error) {
	src := e.oauthConfig(app).TokenSource(withHTTPClient(ctx, hc), &oauth2.Token{RefreshToken: refreshToken})
	tok, err := src.Token()
	return tok, classifyGrantError(err)
}

// AuthorizingClient is base (nil: a default client) with src's access token
// sent as a bearer token on every request; pass it as Config.HTTPClient.
func AuthorizingClient(base *http.Client, src oauth2.TokenSource) *http.Client {
	c := &http.Client{}
	if base != nil {
		*c = *base
	}
	c.Transport = &oauth2.Transport{Source: src, Base: c.Transport}
	return c
}

func withHTTPClient(ctx context.Context, hc *http.Client) context.Context {
	if hc == nil {
		return ctx
	}
	return context.WithValue(ctx, oauth2.HTTPClient, hc)
}

func classifyGrantError(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.ErrorCode == "invalid_grant" {
		return errors.Join(ErrInvalidGrant, err)
	}
	return err
}
