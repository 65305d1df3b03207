// Package leveremulator is a local Lever: a real HTTP server speaking the
// part of Lever's REST API (v1) this project uses, with Lever's envelopes,
// pagination, errors and Basic-auth API key, and Lever's signed webhooks
// with redelivery. `cjlever dev` runs it, and tests drive it through
// clients/lever so that client and emulator agree.
//
// It keeps its data in memory, optionally snapshotted to a JSON file so that
// a dev restart keeps opportunities and registered webhooks.
package leveremulator

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/cjlever/cjlever/emulators/internal/delivery"
)

// defaultRetryDelays are the gaps between webhook redeliveries: Lever
// retries five times with growing gaps (its schedule is unpublished).
func defaultRetryDelays() []time.Duration {
	return []time.Duration{time.Second, 5 * time.Second, 30 * time.Second, 2 * time.Minute, 10 * time.Minute}
}

// Options configure an Emulator.
type Options struct {
	// APIKey is the one key the API accepts, as the Basic-auth user name.
	// Required.
	APIKey string
	// StateFile, when set, is loaded at New and rewritten (temp file +
	// rename) after each change.
	StateFile string
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
	apiKey    string
	stateFile string
	now       func() time.Time
	log       *slog.Logger

	mu sync.Mutex // guards st
	st *state

	webhooks *delivery.Deliverer
	handler  http.Handler
	requests requestCounter
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
	st, err := loadState(opts.StateFile)
	if err != nil {
		return nil, err
	}
	e := &Emulator{
		apiKey:    opts.APIKey,
		stateFile: opts.StateFile,
		now:       opts.Now,
		log:       opts.Logger,
		st:        st,
	}
	e.webhooks = newDeliverer(opts.HTTPClient, opts.RetryDelays, opts.Logger, opts.Now)
	e.handler = e.routes()
	return e, nil
}

// Handler serves the API under /v1, and /healthz.
func (e *Emulator) Handler() http.Handler { return e.handler }

// Close stops webhook deliveries (pending redeliveries are dropped) and waits
// for the delivery goroutines to end. The handler keeps answering; events
// after Close are not delivered.
func (e *Emulator) Close() { e.webhooks.Close() }

// Deliveries lists the webhook delivery attempts so far (the latest 1000),
// oldest first.
func (e *Emulator) Deliveries() []Delivery { return e.webhooks.History() }
