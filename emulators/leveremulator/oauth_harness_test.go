package leveremulator

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/cjlever/cjlever/clients/lever"
)

// testApp is the OAuth application the tests register.
var testApp = lever.OAuthApp{ClientID: "cjlever-test", ClientSecret: "app-secret", RedirectURL: "https://cj.test/settings/oauth/callback"}

// environment registers testApp and describes the emulator as a
// lever.Environment.
func (h *harness) environment() lever.Environment {
	h.emu.RegisterOAuthClient(testApp.ClientID, testApp.ClientSecret, testApp.RedirectURL)
	authorizeURL, tokenURL, audience := h.emu.OAuthURLs()
	return lever.Environment{Name: "emulator", AuthorizeURL: authorizeURL, TokenURL: tokenURL, Audience: audience,
		APIBaseURL: h.srv.URL + "/v1"}
}

// browserPage is what an admin's browser got: it follows no redirect, so that the
// test sees where the emulator sends it.
type browserPage struct {
	status   int
	body     string
	location *url.URL
}

// browse GETs target, or POSTs form to it.
func browse(t *testing.T, target string, form url.Values) browserPage {
	t.Helper()
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var resp *http.Response
	var err error
	if form == nil {
		resp, err = browser.Get(target)
	} else {
		resp, err = browser.PostForm(target, form)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	p := browserPage{status: resp.StatusCode, body: string(body)}
	p.location, _ = resp.Location()
	return p
}

// hiddenInput matches the pages' hidden fields, as html/template writes them.
var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([a-z_]+)" value="([^"]*)">`)

// submit posts the page's form, its hidden fields plus fields, as a browser
// would after the admin filled it in.
func (h *harness) submit(t *testing.T, p browserPage, fields url.Values) browserPage {
	t.Helper()
	form := url.Values{}
	for _, m := range hiddenInput.FindAllStringSubmatch(p.body, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	for k, v := range fields {
		form[k] = v
	}
	return browse(t, h.srv.URL+"/oauth/authorize", form)
}

// wantPage checks a page's status and that it shows each of parts.
func wantPage(t *testing.T, p browserPage, status int, parts ...string) {
	t.Helper()
	if p.status != status {
		t.Fatalf("browserPage %d, want %d: %s", p.status, status, p.body)
	}
	for _, part := range parts {
		if !strings.Contains(p.body, part) {
			t.Fatalf("browserPage lacks %q: %s", part, p.body)
		}
	}
}

// consentAs walks authorizeURL's pages as an admin who signs in to account
// and returns the consent page.
func (h *harness) consentAs(t *testing.T, authorizeURL, account string) browserPage {
	t.Helper()
	signIn := browse(t, authorizeURL, nil)
	wantPage(t, signIn, http.StatusOK, "Sign in to Lever", `id="account"`, `id="sign-in"`, `id="new-account"`,
		`<option value="`+account+`">`)
	consent := h.submit(t, signIn, url.Values{"account": {account}})
	wantPage(t, consent, http.StatusOK, `id="accept"`, `id="deny"`, `<strong id="signed-in-account">`+account+`</strong>`)
	return consent
}

// authorize signs in to account, accepts, and returns the code the emulator
// redirected back with.
func (h *harness) authorize(t *testing.T, authorizeURL, account string) string {
	t.Helper()
	back := h.submit(t, h.consentAs(t, authorizeURL, account), url.Values{"decision": {"accept"}})
	q := redirectedQuery(t, back)
	if q.Get("code") == "" || q.Get("state") != "st4te" {
		t.Fatalf("redirected to %s", back.location)
	}
	return q.Get("code")
}

// redirectedQuery checks that p sends the browser to testApp's redirect URL
// and returns the query it adds.
func redirectedQuery(t *testing.T, p browserPage) url.Values {
	t.Helper()
	if p.status != http.StatusFound || p.location == nil {
		t.Fatalf("answer %d, want a redirect: %s", p.status, p.body)
	}
	u := *p.location
	u.RawQuery = ""
	if u.String() != testApp.RedirectURL {
		t.Fatalf("redirected to %s, want %s", p.location, testApp.RedirectURL)
	}
	return p.location.Query()
}
