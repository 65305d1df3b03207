package leveremulator

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
)

// The authorize flow: GET /oauth/authorize shows a sign-in page where the
// admin picks an account (or creates one), then a consent page listing the
// scopes; Accept redirects to the client with a code, Deny with
// error=access_denied. Each page posts back to /oauth/authorize carrying the
// request in hidden fields, and each step checks it again.

//go:embed oauth_pages.html
var oauthPagesHTML string

func parseOAuthPages() *template.Template {
	return template.Must(template.New("oauth").Parse(oauthPagesHTML))
}

// authorizeRequest is an authorization request's parameters.
type authorizeRequest struct {
	ClientID, RedirectURI, ResponseType, State, Audience, Scope string
}

// authorizePage is what the pages show.
type authorizePage struct {
	Request  authorizeRequest
	Accounts []string
	Account  string
	// APIKey is the signed-in account's key, shown on the consent page so
	// that a developer can drive the account's API by hand (cjlever
	// sandbox --lever-key); real Lever shows no such thing.
	APIKey string
	Scopes []string
	Error  string
}

func (e *Emulator) handleAuthorizePage(c *gin.Context) {
	r := c.Request
	req := authorizeRequest{
		ClientID: r.FormValue("client_id"), RedirectURI: r.FormValue("redirect_uri"),
		ResponseType: r.FormValue("response_type"), State: r.FormValue("state"),
		Audience: r.FormValue("audience"), Scope: r.FormValue("scope"),
	}
	// An unknown client or redirect URI is told to the admin, never
	// redirected to.
	client, ok := e.oauth.client(req.ClientID)
	switch {
	case !ok:
		e.renderPage(c, http.StatusBadRequest, "error", authorizePage{Error: "Unknown client_id."})
	case req.RedirectURI != client.redirectURI:
		e.renderPage(c, http.StatusBadRequest, "error", authorizePage{Error: "redirect_uri is not the one registered for this client."})
	case req.ResponseType != "code":
		e.redirectBack(c, req, url.Values{"error": {"unsupported_response_type"}})
	case c.PostForm("step") == "signin":
		e.signIn(c, req)
	case c.PostForm("step") == "consent":
		e.consent(c, req)
	default:
		e.renderPage(c, http.StatusOK, "signin", authorizePage{Request: req, Accounts: e.accountNames()})
	}
}

// signIn takes the chosen account, or creates the one named, and shows the
// consent page.
func (e *Emulator) signIn(c *gin.Context, req authorizeRequest) {
	name := c.PostForm("account")
	if newName := strings.TrimSpace(c.PostForm("new_account")); newName != "" {
		if _, err := e.AddAccount(newName); err != nil {
			e.signInAgain(c, req, strings.TrimPrefix(err.Error(), "lever emulator: "))
			return
		}
		name = newName
	}
	key, ok := e.AccountAPIKey(name)
	if !ok {
		e.signInAgain(c, req, "No such account.")
		return
	}
	e.renderPage(c, http.StatusOK, "consent", authorizePage{Request: req, Account: name, APIKey: key, Scopes: e.grantedScopes(req)})
}

func (e *Emulator) signInAgain(c *gin.Context, req authorizeRequest, problem string) {
	e.renderPage(c, http.StatusBadRequest, "signin", authorizePage{Request: req, Accounts: e.accountNames(), Error: problem})
}

// consent answers the consent page's Accept or Deny.
func (e *Emulator) consent(c *gin.Context, req authorizeRequest) {
	if c.PostForm("decision") != "accept" {
		e.redirectBack(c, req, url.Values{"error": {"access_denied"}, "error_description": {"The user denied access"}})
		return
	}
	name := c.PostForm("account")
	if e.account(name) == nil {
		e.signInAgain(c, req, "No such account.")
		return
	}
	code := e.oauth.issueCode(grant{clientID: req.ClientID, account: name, scopes: e.grantedScopes(req)}, req.RedirectURI)
	e.redirectBack(c, req, url.Values{"code": {code}})
}

// grantedScopes are the scopes req asks for, once each. As at Lever, a
// request without the API's audience is shown, and granted, only
// offline_access: its token can refresh but not call the API.
func (e *Emulator) grantedScopes(req authorizeRequest) []string {
	var out []string
	for _, s := range strings.Fields(req.Scope) {
		if !slices.Contains(out, s) && (req.Audience == e.audience() || s == scopeOfflineAccess) {
			out = append(out, s)
		}
	}
	return out
}

// redirectBack sends the browser to the client's redirect URI with params
// and the request's state.
func (e *Emulator) redirectBack(c *gin.Context, req authorizeRequest, params url.Values) {
	u, err := url.Parse(req.RedirectURI)
	if err != nil {
		e.renderPage(c, http.StatusBadRequest, "error", authorizePage{Error: "The registered redirect_uri is not a URL."})
		return
	}
	q := u.Query()
	for k, v := range params {
		q[k] = v
	}
	if req.State != "" {
		q.Set("state", req.State)
	}
	u.RawQuery = q.Encode()
	c.Redirect(http.StatusFound, u.String())
}

func (e *Emulator) renderPage(c *gin.Context, status int, name string, page authorizePage) {
	var buf bytes.Buffer
	if err := e.pages.ExecuteTemplate(&buf, name, page); err != nil {
		e.opts.Logger.Error("lever emulator: rendering page", "page", name, "err", err)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}
