package leveremulator

import (
	"crypto/subtle"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

const (
	// authCodeTTL is how long a code from the consent page may be exchanged.
	authCodeTTL = 5 * time.Minute
	// oauthTokenLen is the length of codes and tokens (Lever's access tokens
	// are JWTs; opaque strings do here).
	oauthTokenLen = 48
	// scopeOfflineAccess asks for a refresh token.
	scopeOfflineAccess = "offline_access"
)

// oauthClient is an application registered with the OAuth server.
type oauthClient struct {
	secret      string
	redirectURI string
}

// grant is what an admin's consent gave a client: access to one account
// with some scopes. Codes, access tokens and refresh tokens each carry one.
type grant struct {
	clientID string
	account  string
	scopes   []string
}

type authCode struct {
	grant
	redirectURI string
	expires     time.Time
}

type accessToken struct {
	grant
	expires time.Time
}

// tokenResponse is the token endpoint's answer.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token,omitempty"`
	TokenType    string `json:"token_type"`
	Scope        string `json:"scope"`
	ExpiresIn    int64  `json:"expires_in"`
}

// oauthServer keeps the OAuth clients, codes and tokens, in memory. Refresh
// tokens rotate: each is good for one refresh.
type oauthServer struct {
	now       func() time.Time
	accessTTL time.Duration

	mu      sync.Mutex // guards everything below
	clients map[string]oauthClient
	codes   map[string]authCode
	access  map[string]accessToken
	refresh map[string]grant
	// tokenRequests counts a client's token requests by grant type.
	tokenRequests map[string]map[string]int
}

func newOAuthServer(now func() time.Time, accessTTL time.Duration) *oauthServer {
	return &oauthServer{
		now: now, accessTTL: accessTTL,
		clients: map[string]oauthClient{}, codes: map[string]authCode{},
		access: map[string]accessToken{}, refresh: map[string]grant{}, tokenRequests: map[string]map[string]int{},
	}
}

// RegisterOAuthClient registers an application, or replaces its secret and
// redirect URI. redirectURI must be matched exactly by authorize and token
// requests.
func (e *Emulator) RegisterOAuthClient(clientID, clientSecret, redirectURI string) {
	e.oauth.mu.Lock()
	defer e.oauth.mu.Unlock()
	e.oauth.clients[clientID] = oauthClient{secret: clientSecret, redirectURI: redirectURI}
}

// OAuthURLs are the emulator's OAuth endpoints and the audience its tokens
// are for (the API base with a trailing slash), as in lever.Environment.
func (e *Emulator) OAuthURLs() (authorizeURL, tokenURL, audience string) {
	return OAuthURLsAt(e.opts.PublicURL)
}

// OAuthURLsAt are OAuthURLs of an emulator serving at publicURL, for a
// process that reaches an emulator running elsewhere.
func OAuthURLsAt(publicURL string) (authorizeURL, tokenURL, audience string) {
	return publicURL + "/oauth/authorize", publicURL + "/oauth/token", publicURL + "/v1/"
}

func (e *Emulator) audience() string {
	_, _, audience := OAuthURLsAt(e.opts.PublicURL)
	return audience
}

// TokenRequests returns how many requests the token endpoint has had from
// clientID (its secret checked), by grant type ("authorization_code",
// "refresh_token"), refused grants included: a test counts refreshes with
// it.
func (e *Emulator) TokenRequests(clientID string) map[string]int {
	e.oauth.mu.Lock()
	defer e.oauth.mu.Unlock()
	return maps.Clone(e.oauth.tokenRequests[clientID])
}

// countTokenRequest counts an authenticated client's token request.
func (s *oauthServer) countTokenRequest(clientID, grantType string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tokenRequests[clientID] == nil {
		s.tokenRequests[clientID] = map[string]int{}
	}
	s.tokenRequests[clientID][grantType]++
}

// RevokeGrants refuses every refresh token of the account from now on, as
// when an admin removes the integration; access tokens live out their hour.
func (e *Emulator) RevokeGrants(account string) {
	e.oauth.mu.Lock()
	defer e.oauth.mu.Unlock()
	maps.DeleteFunc(e.oauth.refresh, func(_ string, g grant) bool { return g.account == account })
}

// client is the registered client clientID, if there is one.
func (s *oauthServer) client(clientID string) (oauthClient, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.clients[clientID]
	return c, ok
}

// authenticateClient checks a client's secret in constant time.
func (s *oauthServer) authenticateClient(clientID, secret string) error {
	c, ok := s.client(clientID)
	if !ok || subtle.ConstantTimeCompare([]byte(secret), []byte(c.secret)) != 1 {
		return errOAuth(http.StatusUnauthorized, "invalid_client", "Unknown client or wrong client secret")
	}
	return nil
}

// issueCode records a consent and returns its single-use code.
func (s *oauthServer) issueCode(g grant, redirectURI string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	maps.DeleteFunc(s.codes, func(_ string, c authCode) bool { return now.After(c.expires) })
	code := randomAlphanumeric(oauthTokenLen)
	s.codes[code] = authCode{grant: g, redirectURI: redirectURI, expires: now.Add(authCodeTTL)}
	return code
}

// redeemCode exchanges a code once: it must be the client's, unexpired, and
// come with the redirect URI of its authorize request.
func (s *oauthServer) redeemCode(clientID, code, redirectURI string) (tokenResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.codes[code]
	delete(s.codes, code)
	switch {
	case !ok || c.clientID != clientID || s.now().After(c.expires):
		return tokenResponse{}, errInvalidGrant("Invalid authorization code")
	case c.redirectURI != redirectURI:
		return tokenResponse{}, errInvalidGrant("redirect_uri does not match the authorize request")
	}
	return s.issueTokens(c.grant), nil
}

// redeemRefreshToken exchanges a refresh token once for new tokens.
func (s *oauthServer) redeemRefreshToken(clientID, token string) (tokenResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.refresh[token]
	if !ok || g.clientID != clientID {
		return tokenResponse{}, errInvalidGrant("Unknown or invalid refresh token")
	}
	delete(s.refresh, token)
	return s.issueTokens(g), nil
}

// issueTokens issues an access token for g, and a refresh token when g has
// offline_access. The caller holds s.mu.
func (s *oauthServer) issueTokens(g grant) tokenResponse {
	now := s.now()
	maps.DeleteFunc(s.access, func(_ string, t accessToken) bool { return now.After(t.expires) })
	resp := tokenResponse{
		AccessToken: randomAlphanumeric(oauthTokenLen), TokenType: "Bearer", Scope: strings.Join(g.scopes, " "),
		ExpiresIn: int64((s.accessTTL + time.Second - 1) / time.Second),
	}
	s.access[resp.AccessToken] = accessToken{grant: g, expires: now.Add(s.accessTTL)}
	if slices.Contains(g.scopes, scopeOfflineAccess) {
		resp.RefreshToken = randomAlphanumeric(oauthTokenLen)
		s.refresh[resp.RefreshToken] = g
	}
	return resp
}

// accessGrant is what an unexpired access token grants.
func (s *oauthServer) accessGrant(token string) (grant, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.access[token]
	if !ok || !s.now().Before(t.expires) {
		return grant{}, false
	}
	return t.grant, true
}
