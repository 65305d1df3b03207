// Package admin is the settings page a Codejudge admin uses to connect Lever
// accounts: server-rendered HTML (html/template, no script build) behind a
// password sign-in, a signed session cookie any gateway process can check,
// and a CSRF token on every form. It reads and changes connections only
// through a Store.
package admin

import (
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/config"
)

// PasswordVar is the configuration variable that turns the page on.
const PasswordVar = "CJLEVER_ADMIN_PASSWORD"

// DefaultSessionTTL is how long a sign-in lasts.
const DefaultSessionTTL = 12 * time.Hour

// Options configures the settings page. Password and Store turn it on.
type Options struct {
	// Password is the admin password (CJLEVER_ADMIN_PASSWORD).
	Password config.Secret
	// SessionSecret is mixed into the cookie keys with the password
	// (CJLEVER_ADMIN_SESSION_SECRET); optional.
	SessionSecret config.Secret
	// PublicURL is the gateway's public base URL: webhook URLs are built on
	// it, and cookies are Secure unless it is plain http on a loopback host.
	PublicURL string
	// Environments are the Lever environment names a connection may use.
	Environments []string
	// Store reads and changes the connections.
	Store Store
	// SessionTTL is how long a sign-in lasts; default DefaultSessionTTL.
	SessionTTL time.Duration
	// Now is the clock; default time.Now.
	Now    func() time.Time
	Logger *slog.Logger
}

// Off says why the page is off, or "" when Options turn it on.
func (o Options) Off() string {
	switch {
	case !o.Password.IsSet():
		return "The settings page is turned off: no admin password is set. Set " + PasswordVar +
			" to a long random password and restart the gateway to turn it on."
	case o.Store == nil:
		return "The settings page is turned off: this gateway has no connection store."
	}
	return ""
}

// Admin serves the settings page.
type Admin struct {
	store        Store
	password     string
	keys         keys
	publicURL    string
	environments []string
	secure       bool
	ttl          time.Duration
	now          func() time.Time
	log          *slog.Logger
	throttle     *throttle
	pages        pages
}

// New builds the page from opts; an error means opts do not turn it on
// (see Off) or PublicURL is unusable.
func New(opts Options) (*Admin, error) {
	if off := opts.Off(); off != "" {
		return nil, errors.New(off)
	}
	secure, err := secureCookies(opts.PublicURL)
	if err != nil {
		return nil, err
	}
	a := &Admin{
		store:        opts.Store,
		password:     opts.Password.Reveal(),
		keys:         deriveKeys(opts.Password.Reveal(), opts.SessionSecret.Reveal()),
		publicURL:    strings.TrimRight(opts.PublicURL, "/"),
		environments: opts.Environments,
		secure:       secure,
		ttl:          opts.SessionTTL,
		now:          opts.Now,
		log:          opts.Logger,
		throttle:     &throttle{},
		pages:        parsePages(),
	}
	if a.ttl <= 0 {
		a.ttl = DefaultSessionTTL
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	return a, nil
}

// secureCookies is false only for a plain-http public URL on a loopback host
// (a developer's machine); plain http anywhere else would send the session
// over the network in the clear, so it is refused.
func secureCookies(publicURL string) (bool, error) {
	u, err := url.Parse(publicURL)
	if err != nil || u.Host == "" {
		return false, errors.New("admin: the public URL must be an absolute http(s) URL")
	}
	switch u.Scheme {
	case "https":
		return true, nil
	case "http":
		if isLoopback(u.Hostname()) {
			return false, nil
		}
	}
	return false, errors.New("admin: the settings page needs an https public URL (plain http only on localhost)")
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Mount adds the page's routes under /settings.
func (a *Admin) Mount(r gin.IRouter) {
	g := r.Group("/settings", securityHeaders, a.limitForm())
	g.POST("/signin", a.checkOrigin(), a.signIn)
	// Reloading the page a refused password left leads back to the form.
	g.GET("/signin", func(c *gin.Context) { c.Redirect(http.StatusSeeOther, "/settings") })
	g.Use(a.pageSession())
	g.GET("", a.listPage)
	g.GET("/connections/:id", a.connectionPage)
	g.GET("/connections/:id/disable", a.disablePage)
	g.GET("/oauth/callback", a.oauthCallback)
	post := g.Group("", a.checkOrigin(), a.checkCSRF())
	post.POST("/signout", a.signOut)
	post.POST("/connections", a.createConnection)
	post.POST("/connections/:id", a.saveConnection)
	post.POST("/connections/:id/connect", a.connectLever)
	post.POST("/connections/:id/webhooks", a.registerWebhooks)
	post.POST("/connections/:id/disable", a.disableConnection)
}
