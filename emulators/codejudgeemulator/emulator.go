// Package codejudgeemulator is a local Codejudge: a real HTTP server that
// implements docs/codejudge-api.md (tests, invites with Idempotency-Key
// semantics, signed completion callbacks with redelivery) plus the sandbox
// endpoints that play the candidate. `cjlever dev` runs it, and tests drive
// it through clients/codejudge so that client, emulator and document agree.
//
// It keeps its data in memory, optionally snapshotted to a JSON file so that
// a dev restart keeps invites and idempotency keys.
package codejudgeemulator

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/emulators/internal/delivery"
	"github.com/cjlever/cjlever/emulators/internal/emulatorhttp"
)

// DefaultPublicURL is where `cjlever dev` serves the emulator.
const DefaultPublicURL = "http://localhost:8082"

// defaultRetryDelays are the gaps between callback redeliveries: the
// production schedule (docs/codejudge-api.md §4.2) compressed for local use.
func defaultRetryDelays() []time.Duration {
	return []time.Duration{time.Second, 5 * time.Second, 30 * time.Second, 2 * time.Minute, 10 * time.Minute}
}

// Organisation is one Codejudge customer: its API key authenticates requests
// and its callback secret signs the callbacks of its invites.
type Organisation struct {
	ID             string
	APIKey         string
	CallbackSecret string
}

// Options configure an Emulator.
type Options struct {
	// Organisations: at least one, with distinct ids and API keys.
	Organisations []Organisation
	// Tests seeds the test catalogue shared by all organisations; nil takes
	// SandboxTests().
	Tests []codejudge.Test
	// StateFile, when set, is loaded at New and rewritten (temp file + rename)
	// after each change.
	StateFile string
	// HTTPClient delivers callbacks (default: a 10s timeout). Redirects are
	// never followed: a 3xx is a failed delivery, as in production.
	HTTPClient *http.Client
	// RetryDelays are the gaps between callback redeliveries; the number of
	// attempts is len(RetryDelays)+1. nil takes 1s, 5s, 30s, 2m, 10m; an
	// empty slice means a single attempt.
	RetryDelays []time.Duration
	// Logger defaults to discarding.
	Logger *slog.Logger
	// Now defaults to time.Now; tests move it to expire invites.
	Now func() time.Time
	// PublicURL prefixes testUrl and reportUrl (default DefaultPublicURL).
	PublicURL string
}

// Emulator is a running local Codejudge. Serve Handler(); Close when done.
type Emulator struct {
	orgs      []Organisation
	orgByID   map[string]Organisation
	tests     map[string]codejudge.Test // by canonical (upper-case) id
	stateFile string
	publicURL string
	now       func() time.Time
	log       *slog.Logger

	mu sync.Mutex // guards st
	st *state

	callbacks *delivery.Deliverer
	pages     *template.Template
	handler   http.Handler
	// outage is the sandbox switch that makes the API answer 503.
	outage emulatorhttp.Outage
}

// New validates opts, loads the state file if there is one, and builds the
// HTTP handler.
func New(opts Options) (*Emulator, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Tests == nil {
		opts.Tests = SandboxTests()
	}
	if opts.PublicURL == "" {
		opts.PublicURL = DefaultPublicURL
	}
	if opts.RetryDelays == nil {
		opts.RetryDelays = defaultRetryDelays()
	}
	orgByID, err := checkOrganisations(opts.Organisations)
	if err != nil {
		return nil, err
	}
	tests, err := indexTests(opts.Tests)
	if err != nil {
		return nil, err
	}
	st, err := loadState(opts.StateFile)
	if err != nil {
		return nil, err
	}
	e := &Emulator{
		orgs:      append([]Organisation(nil), opts.Organisations...),
		orgByID:   orgByID,
		tests:     tests,
		stateFile: opts.StateFile,
		publicURL: strings.TrimRight(opts.PublicURL, "/"),
		now:       opts.Now,
		log:       opts.Logger,
		st:        st,
	}
	e.callbacks = newDeliverer(opts.HTTPClient, opts.RetryDelays, opts.Logger, opts.Now)
	e.pages = parsePages()
	e.handler = e.routes()
	return e, nil
}

// Handler serves the API, the sandbox endpoints and the pages.
func (e *Emulator) Handler() http.Handler { return e.handler }

// Close stops callback deliveries (pending redeliveries are dropped) and
// waits for the delivery goroutines to end. The handler keeps answering.
func (e *Emulator) Close() { e.callbacks.Close() }

// Deliveries lists the callback delivery attempts so far (the latest 1000),
// oldest first.
func (e *Emulator) Deliveries() []Delivery { return e.callbacks.History() }

func checkOrganisations(orgs []Organisation) (map[string]Organisation, error) {
	if len(orgs) == 0 {
		return nil, errors.New("codejudge emulator: at least one organisation is required")
	}
	byID := make(map[string]Organisation, len(orgs))
	keys := make(map[string]bool, len(orgs))
	for i, o := range orgs {
		switch {
		case o.ID == "":
			return nil, fmt.Errorf("codejudge emulator: organisation %d has no id", i)
		case o.APIKey == "":
			return nil, fmt.Errorf("codejudge emulator: organisation %q has no API key", o.ID)
		case o.CallbackSecret == "":
			return nil, fmt.Errorf("codejudge emulator: organisation %q has no callback secret", o.ID)
		}
		if _, dup := byID[o.ID]; dup {
			return nil, fmt.Errorf("codejudge emulator: organisation %q is configured twice", o.ID)
		}
		if keys[o.APIKey] {
			// Never name the key itself.
			return nil, fmt.Errorf("codejudge emulator: organisation %q shares an API key with another", o.ID)
		}
		byID[o.ID], keys[o.APIKey] = o, true
	}
	return byID, nil
}
