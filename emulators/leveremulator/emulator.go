// Package leveremulator is a local Lever: a real HTTP server speaking the
// part of Lever's REST API (v1) this project uses, with Lever's envelopes,
// pagination, errors, Basic-auth API keys and OAuth bearer tokens, and
// Lever's signed webhooks with redelivery. `cjlever dev` runs it, and tests
// drive it through clients/lever so that client and emulator agree.
//
// It holds several accounts behind one OAuth server, as Lever does. It keeps
// their data in memory; the default account's is optionally snapshotted to a
// JSON file so that a dev restart keeps opportunities and registered
// webhooks. OAuth clients, codes and tokens are in memory only.
package leveremulator

import (
	"cmp"
	"errors"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/cjlever/cjlever/emulators/internal/emulatorhttp"
)

// defaultRetryDelays are the gaps between webhook redeliveries: Lever
// retries five times with growing gaps (its schedule is unpublished).
func defaultRetryDelays() []time.Duration {
	return []time.Duration{time.Second, 5 * time.Second, 30 * time.Second, 2 * time.Minute, 10 * time.Minute}
}

// DefaultPublicURL is where `cjlever dev` serves the emulator.
const DefaultPublicURL = "http://localhost:8081"

// defaultAccessTokenTTL is how long Lever's access tokens live.
const defaultAccessTokenTTL = time.Hour

// Options configure an Emulator.
type Options struct {
	// APIKey is the default account's key, as the Basic-auth user name.
	// Required.
	APIKey string
	// StateFile, when set, holds the default account's data: it is loaded
	// at New and rewritten (temp file + rename) after each change.
	StateFile string
	// PublicURL is where the emulator is served (default DefaultPublicURL):
	// OAuthURLs and the tokens' audience are under it.
	PublicURL string
	// AccessTokenTTL is how long an OAuth access token lives (default one
	// hour, as at Lever); tests shorten it.
	AccessTokenTTL time.Duration
	// RateLimit is each account's request budget (zero: unlimited); the
	// sandbox sets LeverRateLimit.
	RateLimit RateLimit
	// Logger defaults to discarding.
	Logger *slog.Logger
	// HTTPClient delivers webhooks (default: a 10s timeout). Redirects are
	// never followed: a 3xx is a failed delivery, as at Lever.
	HTTPClient *http.Client
	// RetryDelays are the gaps between webhook redeliveries; a delivery is
	// attempted len(RetryDelays)+1 times. nil takes 1s, 5s, 30s, 2m, 10m;
	// an empty slice means a single attempt.
	RetryDelays []time.Duration
	// Now defaults to time.Now.
	Now func() time.Time
}

// Emulator is a running local Lever. Serve Handler(); Close when done.
type Emulator struct {
	opts           Options // with defaults filled in
	defaultAccount *account
	oauth          *oauthServer
	pages          *template.Template
	handler        http.Handler

	accountsMu sync.Mutex // guards accounts and closed
	accounts   map[string]*account
	closed     bool
	requests   requestCounter
	// outage is the sandbox switch that makes the API answer 503.
	outage emulatorhttp.Outage
}

// New checks opts, loads the state file if there is one, and builds the HTTP
// handler. The emulator starts empty (or as the state file left it):
// SeedSandbox adds the sandbox's stages, posting and user.
func New(opts Options) (*Emulator, error) {
	if opts.APIKey == "" {
		return nil, errors.New("lever emulator: an API key is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.RetryDelays == nil {
		opts.RetryDelays = defaultRetryDelays()
	}
	opts.PublicURL = strings.TrimRight(cmp.Or(opts.PublicURL, DefaultPublicURL), "/")
	opts.AccessTokenTTL = cmp.Or(opts.AccessTokenTTL, defaultAccessTokenTTL)
	st, err := loadState(opts.StateFile)
	if err != nil {
		return nil, err
	}
	e := &Emulator{opts: opts, oauth: newOAuthServer(opts.Now, opts.AccessTokenTTL), pages: parseOAuthPages()}
	e.defaultAccount = e.newAccount(DefaultAccount, opts.APIKey, opts.StateFile, st)
	e.accounts = map[string]*account{DefaultAccount: e.defaultAccount}
	e.handler = e.routes()
	return e, nil
}

// Handler serves the API under /v1, the OAuth server under /oauth, and
// /healthz.
func (e *Emulator) Handler() http.Handler { return e.handler }

// Close stops webhook deliveries (pending redeliveries are dropped) and waits
// for the delivery goroutines to end. The handler keeps answering; events
// after Close are not delivered.
func (e *Emulator) Close() { e.closeAccounts() }

// Deliveries lists the default account's webhook delivery attempts so far
// (the latest 1000), oldest first.
func (e *Emulator) Deliveries() []Delivery { return e.defaultAccount.webhooks.History() }
