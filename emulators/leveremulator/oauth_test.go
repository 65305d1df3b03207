package leveremulator

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/cjlever/cjlever/clients/apiclient"
	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/emulators/internal/emulatortest"
)

// bearerClient calls the API with tok's access token.
func (h *harness) bearerClient(t *testing.T, tok *oauth2.Token) *lever.Client {
	t.Helper()
	c, err := lever.New(lever.Config{BaseURL: h.srv.URL + "/v1", RequestsPerSecond: -1, MaxAttempts: 1,
		HTTPClient: lever.AuthorizingClient(nil, oauth2.StaticTokenSource(tok))})
	if err != nil {
		t.Fatalf("lever.New: %v", err)
	}
	return c
}

// connect walks the whole flow for account and returns its tokens.
func (h *harness) connect(t *testing.T, env lever.Environment, account string) *oauth2.Token {
	t.Helper()
	tok, err := env.Exchange(context.Background(), testApp, nil, h.authorize(t, env.AuthCodeURL(testApp, "st4te"), account))
	if err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	return tok
}

func TestOAuthConnectsTheChosenAccountOnly(t *testing.T) {
	h := newHarness(t)
	env := h.environment()
	ctx := context.Background()
	acmeKey, err := h.emu.AddAccount("acme")
	if err != nil {
		t.Fatal(err)
	}
	tok := h.connect(t, env, "acme")
	if tok.RefreshToken == "" || tok.TokenType != "Bearer" || time.Until(tok.Expiry) < 59*time.Minute ||
		!strings.Contains(tok.Extra("scope").(string), "webhooks:write:admin") {
		t.Fatalf("token %+v, scope %v", tok, tok.Extra("scope"))
	}
	acme := h.bearerClient(t, tok)

	receiver := emulatortest.NewReceiver(t)
	hook, err := acme.CreateWebhook(ctx, receiver.URL, lever.EventApplicationCreated)
	if err != nil {
		t.Fatalf("CreateWebhook with a bearer token: %v", err)
	}
	acmeOpp, err := acme.CreateOpportunity(ctx, lever.NewOpportunity{Name: "Grace", Postings: []string{SandboxPostingID}}, SandboxUserID)
	if err != nil {
		t.Fatalf("CreateOpportunity with a bearer token: %v", err)
	}
	if ev := decodeEvents(t, receiver.Wait(t, 1)); len(ev) != 1 || !strings.Contains(string(ev[0].Data), acmeOpp.ID) {
		t.Fatalf("acme's webhook got %+v", ev)
	}
	if d := h.emu.Deliveries(); len(d) != 0 {
		t.Fatalf("the default account's deliveries list acme's: %+v", d)
	}
	if hooks, err := newClient(t, h.srv.URL, acmeKey).ListWebhooks(ctx); err != nil || len(hooks) != 1 || hooks[0].ID != hook.ID {
		t.Fatalf("acme's webhooks by its API key: %+v (%v)", hooks, err)
	}
	if hooks, err := h.client.ListWebhooks(ctx); err != nil || len(hooks) != 0 {
		t.Fatalf("the default account's webhooks: %+v (%v)", hooks, err)
	}
	opp := h.createOpportunity(t, "Ada") // in the default account
	if _, err := acme.GetOpportunity(ctx, opp.ID); !apiclient.IsNotFound(err) {
		t.Fatalf("acme reading the default account's opportunity: %v", err)
	}
	if opps := h.listOpportunities(t, ""); len(opps) != 1 || opps[0].ID != opp.ID {
		t.Fatalf("the default account's opportunities: %+v", opps)
	}
	// acme is seeded like the default account.
	if stages, err := acme.ListStages(ctx); err != nil || len(stages) != len(SandboxStages()) {
		t.Fatalf("acme's stages: %+v (%v)", stages, err)
	}
}

func TestSignInCanCreateAnAccount(t *testing.T) {
	h := newHarness(t)
	env := h.environment()
	signIn := browse(t, env.AuthCodeURL(testApp, "st4te"), nil)
	consent := h.submit(t, signIn, url.Values{"new_account": {"<b>Globex</b>"}})
	wantPage(t, consent, http.StatusOK, `id="signed-in-account">&lt;b&gt;Globex&lt;/b&gt;<`, "<li>postings:read:admin</li>")
	key, ok := h.emu.AccountAPIKey("<b>Globex</b>")
	if !ok {
		t.Fatal("the new account has no API key")
	}
	wantPage(t, consent, http.StatusOK, `<code id="api-key">`+key+`</code>`)
	again := h.submit(t, signIn, url.Values{"new_account": {"<b>Globex</b>"}})
	wantPage(t, again, http.StatusBadRequest, `id="error"`, "exists")
	if _, err := h.emu.AddAccount(DefaultAccount); err == nil {
		t.Fatal("AddAccount took the default account's name")
	}
	if key, ok := h.emu.AccountAPIKey(DefaultAccount); !ok || key != testAPIKey {
		t.Fatalf("default account's key %q", key)
	}
}

func TestDenyRedirectsWithAccessDenied(t *testing.T) {
	h := newHarness(t)
	env := h.environment()
	back := h.submit(t, h.consentAs(t, env.AuthCodeURL(testApp, "st4te"), DefaultAccount), url.Values{"decision": {"deny"}})
	if q := redirectedQuery(t, back); q.Get("error") != "access_denied" || q.Get("state") != "st4te" || q.Has("code") {
		t.Fatalf("redirected to %s", back.location)
	}
}

func TestAuthorizeRefusesUnknownClientsAndRedirectURIs(t *testing.T) {
	h := newHarness(t)
	env := h.environment()
	for name, app := range map[string]lever.OAuthApp{
		"unknown client":       {ClientID: "nobody", RedirectURL: testApp.RedirectURL},
		"other redirect URI":   {ClientID: testApp.ClientID, RedirectURL: testApp.RedirectURL + "/evil"},
		"redirect URI's query": {ClientID: testApp.ClientID, RedirectURL: testApp.RedirectURL + "?x=1"},
	} {
		p := browse(t, env.AuthCodeURL(app, "st4te"), nil)
		if p.location != nil {
			t.Fatalf("%s: redirected to %s", name, p.location)
		}
		wantPage(t, p, http.StatusBadRequest, `id="error"`)
	}
	u, _ := url.Parse(env.AuthCodeURL(testApp, "st4te"))
	q := u.Query()
	q.Set("response_type", "token")
	u.RawQuery = q.Encode()
	if q := redirectedQuery(t, browse(t, u.String(), nil)); q.Get("error") != "unsupported_response_type" {
		t.Fatalf("response_type=token: redirected with %v", q)
	}
}

func TestACodeIsSingleUseAndBoundToItsRedirectURI(t *testing.T) {
	h := newHarness(t)
	env := h.environment()
	ctx := context.Background()
	code := h.authorize(t, env.AuthCodeURL(testApp, "st4te"), DefaultAccount)
	if _, err := env.Exchange(ctx, testApp, nil, code); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Exchange(ctx, testApp, nil, code); !errors.Is(err, lever.ErrInvalidGrant) {
		t.Fatalf("a used code: %v, want ErrInvalidGrant", err)
	}

	code = h.authorize(t, env.AuthCodeURL(testApp, "st4te"), DefaultAccount)
	elsewhere := testApp
	elsewhere.RedirectURL = "https://cj.test/elsewhere"
	if _, err := env.Exchange(ctx, elsewhere, nil, code); !errors.Is(err, lever.ErrInvalidGrant) {
		t.Fatalf("another redirect_uri: %v, want ErrInvalidGrant", err)
	}
	if _, err := env.Exchange(ctx, testApp, nil, code); !errors.Is(err, lever.ErrInvalidGrant) {
		t.Fatalf("the code after a refused exchange: %v, want ErrInvalidGrant", err)
	}

	wrongSecret := testApp
	wrongSecret.ClientSecret = "guess"
	code = h.authorize(t, env.AuthCodeURL(testApp, "st4te"), DefaultAccount)
	var re *oauth2.RetrieveError
	if _, err := env.Exchange(ctx, wrongSecret, nil, code); !errors.As(err, &re) || re.ErrorCode != "invalid_client" ||
		re.Response.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a wrong client secret: %v, want a 401 invalid_client", err)
	}
}

func TestRefreshTokensRotate(t *testing.T) {
	h := newHarness(t)
	env := h.environment()
	ctx := context.Background()
	first := h.connect(t, env, DefaultAccount)

	second, err := env.Refresh(ctx, testApp, nil, first.RefreshToken)
	if err != nil || second.RefreshToken == "" || second.RefreshToken == first.RefreshToken || second.AccessToken == first.AccessToken {
		t.Fatalf("refresh: %+v (%v)", second, err)
	}
	if _, err := env.Refresh(ctx, testApp, nil, first.RefreshToken); !errors.Is(err, lever.ErrInvalidGrant) {
		t.Fatalf("a used refresh token: %v, want ErrInvalidGrant", err)
	}
	if _, err := h.bearerClient(t, second).ListStages(ctx); err != nil {
		t.Fatalf("the refreshed access token: %v", err)
	}
	third, err := env.Refresh(ctx, testApp, nil, second.RefreshToken)
	if err != nil {
		t.Fatalf("the rotated refresh token: %v", err)
	}
	h.emu.RevokeGrants(DefaultAccount)
	if _, err := env.Refresh(ctx, testApp, nil, third.RefreshToken); !errors.Is(err, lever.ErrInvalidGrant) {
		t.Fatalf("a revoked refresh token: %v, want ErrInvalidGrant", err)
	}
	// Every request is counted, the refused ones too.
	want := map[string]int{"authorization_code": 1, "refresh_token": 4}
	if got := h.emu.TokenRequests(testApp.ClientID); !maps.Equal(got, want) {
		t.Fatalf("TokenRequests = %v, want %v", got, want)
	}
}

func TestAnExpiredOrUnknownAccessTokenIs401(t *testing.T) {
	clock := emulatortest.NewClock(time.Now())
	h := newHarness(t, func(o *Options) { o.Now = clock.Now })
	tok := h.connect(t, h.environment(), DefaultAccount)
	bearer := func(token string) http.Header { return http.Header{"Authorization": {"Bearer " + token}} }

	if status, raw := emulatortest.Do(t, http.MethodGet, h.srv.URL+"/v1/stages", bearer(tok.AccessToken), ""); status != http.StatusOK {
		t.Fatalf("a fresh token: %d %s", status, raw)
	}
	clock.Advance(time.Hour)
	status, raw := emulatortest.Do(t, http.MethodGet, h.srv.URL+"/v1/stages", bearer(tok.AccessToken), "")
	wantError(t, status, raw, http.StatusUnauthorized, "UnauthorizedError")
	status, raw = emulatortest.Do(t, http.MethodGet, h.srv.URL+"/v1/stages", bearer("made-up"), "")
	wantError(t, status, raw, http.StatusUnauthorized, "UnauthorizedError")
}

func TestAccessTokenTTLIsAnOption(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.AccessTokenTTL = 90 * time.Second })
	tok := h.connect(t, h.environment(), DefaultAccount)
	if left := time.Until(tok.Expiry); left > 90*time.Second || left < 80*time.Second {
		t.Fatalf("token expires in %s, want 90s", left)
	}
}

func TestARouteNeedsItsScope(t *testing.T) {
	h := newHarness(t)
	env := h.environment()
	ctx := context.Background()

	// Only stages:read:admin.
	u, _ := url.Parse(env.AuthCodeURL(testApp, "st4te"))
	q := u.Query()
	q.Set("scope", "stages:read:admin")
	u.RawQuery = q.Encode()
	tok, err := env.Exchange(ctx, testApp, nil, h.authorize(t, u.String(), DefaultAccount))
	if err != nil || tok.RefreshToken != "" {
		t.Fatalf("exchange without offline_access: %+v (%v)", tok, err)
	}
	narrow := h.bearerClient(t, tok)
	if _, err := narrow.ListStages(ctx); err != nil {
		t.Fatalf("stages with stages:read:admin: %v", err)
	}
	if _, err := narrow.ListUsers(ctx); err != nil {
		t.Fatalf("users need no scope: %v", err)
	}
	if _, err := narrow.CreateWebhook(ctx, "https://cj.test/hook", lever.EventApplicationCreated); !isStatus(err, http.StatusForbidden) {
		t.Fatalf("webhooks without webhooks:write:admin: %v, want 403", err)
	}
	status, raw := emulatortest.Do(t, http.MethodGet, h.srv.URL+"/v1/opportunities",
		http.Header{"Authorization": {"Bearer " + tok.AccessToken}}, "")
	wantError(t, status, raw, http.StatusForbidden, "ForbiddenError")

	// Without the API's audience, Lever grants only offline_access.
	q.Set("scope", strings.Join(lever.Scopes, " "))
	q.Del("audience")
	u.RawQuery = q.Encode()
	consent := h.consentAs(t, u.String(), DefaultAccount)
	wantPage(t, consent, http.StatusOK, `<ul id="scopes"><li>offline_access</li></ul>`)
	back := h.submit(t, consent, url.Values{"decision": {"accept"}})
	tok, err = env.Exchange(ctx, testApp, nil, redirectedQuery(t, back).Get("code"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.bearerClient(t, tok).ListStages(ctx); !isStatus(err, http.StatusForbidden) {
		t.Fatalf("stages with only offline_access: %v, want 403", err)
	}
}

func isStatus(err error, status int) bool {
	e, ok := apiclient.As(err)
	return ok && e.Status == status
}

func TestTokenEndpointAnswersOAuthErrors(t *testing.T) {
	h := newHarness(t)
	tokenURL := h.environment().TokenURL
	for name, tc := range map[string]struct {
		user, password string // HTTP Basic client credentials, when user is set
		form           url.Values
		status         int
		code           string
	}{
		"basic auth, unknown refresh token": {testApp.ClientID, testApp.ClientSecret,
			url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"never-issued"}}, http.StatusForbidden, "invalid_grant"},
		"basic auth, wrong secret": {testApp.ClientID, "guess",
			url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"never-issued"}}, http.StatusUnauthorized, "invalid_client"},
		"no client credentials": {"", "",
			url.Values{"grant_type": {"authorization_code"}, "code": {"x"}}, http.StatusUnauthorized, "invalid_client"},
		"unsupported grant": {"", "",
			url.Values{"grant_type": {"password"}, "client_id": {testApp.ClientID}, "client_secret": {testApp.ClientSecret}},
			http.StatusBadRequest, "unsupported_grant_type"},
	} {
		req, _ := http.NewRequest(http.MethodPost, tokenURL, strings.NewReader(tc.form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if tc.user != "" {
			req.SetBasicAuth(tc.user, tc.password)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || body.Error != tc.code || body.Description == "" {
			t.Errorf("%s: %d %+v, want %d %s", name, resp.StatusCode, body, tc.status, tc.code)
		}
	}
}
