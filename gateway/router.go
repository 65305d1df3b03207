// Package gateway is cjlever's HTTP front door. It receives Lever webhooks and
// Codejudge callbacks, checks that they are genuine and fresh, and turns them
// into Temporal workflow starts and signals. It answers 2xx only once Temporal
// has durably recorded the work, so a sender's retry is the only recovery a
// lost request ever needs.
package gateway

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/gateway/admin"
	"github.com/cjlever/cjlever/workflows"
)

// Defaults for the zero values of Deps.
const (
	// DefaultMaxBodyBytes bounds a request body: Lever's and Codejudge's
	// events are a few kilobytes.
	DefaultMaxBodyBytes int64 = 1 << 20
	// DefaultReplayWindow matches Lever's manual re-run window: staff can
	// re-run any delivery of the last two weeks, and such a re-run keeps the
	// original triggeredAt.
	DefaultReplayWindow = 14 * 24 * time.Hour
	// DefaultClockSkew tolerates a sender's clock being ahead of ours.
	DefaultClockSkew = 5 * time.Minute
)

// Deps is everything the router needs; Connections and Workflows are
// required, the rest have defaults.
type Deps struct {
	Connections Connections
	Workflows   Workflows
	Logger      *slog.Logger
	// Now is the clock the freshness check reads; default time.Now.
	Now func() time.Time
	// Timing is passed into every AssessmentInput.
	Timing workflows.Timing
	// MaxBodyBytes bounds request bodies; default DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// ReplayWindow is how old a Lever event may be; default DefaultReplayWindow.
	ReplayWindow time.Duration
	// ClockSkew is how far in the future a Lever or Codejudge event may be,
	// and how far past Codejudge's redelivery window
	// (codejudge.CallbackMaxAge) a callback may be; default DefaultClockSkew.
	ClockSkew time.Duration
	// Metrics counts webhook outcomes; nil counts nothing.
	Metrics Metrics
	// Admin configures the settings page at /settings. Without a password
	// or a Store the page is not served: /settings says how to turn it on.
	Admin admin.Options
	// Codec serves Temporal's codec-server endpoints under /codec/: their
	// CORS preflight (OPTIONS) is open, POST needs the admin session. Nil
	// serves none.
	Codec http.Handler
	// Ops serves the ops API under /ops/ (ops_routes.go); nil, or no
	// OpsToken, serves none.
	Ops Ops
	// OpsToken is the ops API's bearer token (CJLEVER_OPS_TOKEN).
	OpsToken config.Secret
}

// Connections is where the gateway reads a connection's webhook tokens and
// callback secret: a connections.Directory (or a fixed *config.Connections).
// An unknown id is an error that errors.Is config.ErrUnknownConnection.
type Connections interface {
	Get(ctx context.Context, id string) (config.Connection, error)
}

// Workflows is what the gateway needs of Temporal. It is an interface so the
// router can be tested over HTTP without a Temporal server.
type Workflows interface {
	// StartAssessment claims the delivery (as ClaimDelivery) and starts a
	// CandidateAssessment, and says what it did (StartResult). A running
	// CandidateAssessment hears of the stage change instead
	// (StageChangeAgainSignal): a parked one retries. A claimed token is a
	// replay: nothing is started or signalled. Errors:
	// ErrTemporalUnavailable (wrapped) when the claim or the start could not
	// be durably recorded.
	StartAssessment(ctx context.Context, in workflows.AssessmentInput, claim DeliveryClaim) (StartResult, error)
	// ClaimDelivery records a Lever delivery token, shared by every gateway
	// process, until the given time; fresh=false when it was recorded before
	// (a replay). Errors as for StartAssessment.
	ClaimDelivery(ctx context.Context, connectionID, token string, until time.Time) (fresh bool, err error)
	// SignalInviteFinished signals the TestInvitation workflow;
	// ErrUnknownInvite when no such workflow is running.
	SignalInviteFinished(ctx context.Context, connectionID, opportunityID, testID string, sig workflows.InviteFinished) error
	// SignalOpportunityArchived tells the opportunity's running assessment
	// that Lever archived it; running=false when none runs.
	SignalOpportunityArchived(ctx context.Context, connectionID, opportunityID string) (running bool, err error)
	// Ready reports whether Temporal can take and dispatch work.
	Ready(ctx context.Context) error
}

// StartResult is what StartAssessment did; its value is the outcome the
// gateway reports.
type StartResult string

// StartAssessment's results.
const (
	// Started: a new workflow runs.
	Started StartResult = OutcomeStarted
	// Duplicate: a workflow with that id already ran (or an ApplicationCheck
	// runs): nothing to do.
	Duplicate StartResult = OutcomeDuplicate
	// Signalled: a running CandidateAssessment heard of the stage change.
	Signalled StartResult = OutcomeSignalled
	// Replayed: the delivery's token was claimed before; nothing was done.
	Replayed StartResult = reasonReplayed
)

// DeliveryClaim is a Lever delivery's token and how long it is held against
// replays.
type DeliveryClaim struct {
	Token string
	Until time.Time
}

// Metrics receives one call per webhook or callback handled. Labels are
// bounded sets: source is "lever" or "codejudge", event is a known event name
// or "other", outcome and reason are the constants in this package.
type Metrics interface {
	WebhookOutcome(source, event, outcome, reason string)
}

// Outcomes reported to Metrics and in the logs.
const (
	OutcomeStarted   = "started"   // a workflow was started
	OutcomeDuplicate = "duplicate" // the workflow already ran (an ApplicationCheck: or runs)
	OutcomeSignalled = "signalled" // a waiting workflow was signalled
	OutcomeIgnored   = "ignored"   // genuine, but nothing to do
	OutcomeRefused   = "refused"   // not genuine, malformed, stale or unknown
	OutcomeFailed    = "failed"    // Temporal could not record it: the sender retries
)

// Metric label values for the source.
const (
	SourceLever     = "lever"
	SourceCodejudge = "codejudge"
)

// router holds the defaulted Deps for the handlers.
type router struct {
	conns        Connections
	wf           Workflows
	log          *slog.Logger
	now          func() time.Time
	timing       workflows.Timing
	maxBody      int64
	replayWindow time.Duration
	clockSkew    time.Duration
	metrics      Metrics
}

// NewRouter builds the gateway's HTTP handler. It panics when Connections or
// Workflows is missing: that is a wiring mistake, found at start-up.
func NewRouter(deps Deps) http.Handler {
	if deps.Connections == nil {
		panic("gateway: Deps.Connections is required")
	}
	if deps.Workflows == nil {
		panic("gateway: Deps.Workflows is required")
	}
	rt := &router{
		conns:        deps.Connections,
		wf:           deps.Workflows,
		log:          deps.Logger,
		now:          deps.Now,
		timing:       deps.Timing,
		maxBody:      deps.MaxBodyBytes,
		replayWindow: deps.ReplayWindow,
		clockSkew:    deps.ClockSkew,
		metrics:      deps.Metrics,
	}
	if rt.log == nil {
		rt.log = slog.New(slog.DiscardHandler)
	}
	if rt.now == nil {
		rt.now = time.Now
	}
	if rt.maxBody <= 0 {
		rt.maxBody = DefaultMaxBodyBytes
	}
	if rt.replayWindow <= 0 {
		rt.replayWindow = DefaultReplayWindow
	}
	if rt.clockSkew <= 0 {
		rt.clockSkew = DefaultClockSkew
	}
	if rt.metrics == nil {
		rt.metrics = noMetrics{}
	}

	e := gin.New()
	// Lever counts a 3xx as a failed delivery: answer a stray slash with a
	// 404 rather than a redirect it will not follow.
	e.RedirectTrailingSlash = false
	e.HandleMethodNotAllowed = true
	// The gateway never reads the client address, so trust no proxy header.
	_ = e.SetTrustedProxies(nil)
	e.Use(rt.recovery(), rt.requestID())
	e.NoRoute(func(c *gin.Context) { abortWithError(c, http.StatusNotFound, "not found") })
	e.NoMethod(func(c *gin.Context) { abortWithError(c, http.StatusMethodNotAllowed, "method not allowed") })

	e.POST("/webhooks/lever/:connection", rt.leverWebhook)
	e.POST("/webhooks/codejudge/:connection", rt.codejudgeCallback)
	e.GET("/healthz", rt.healthz)
	e.GET("/readyz", rt.readyz)
	adminPage := rt.mountAdmin(e, deps.Admin, deps.Codec)
	rt.mountOps(e, deps.Ops, deps.OpsToken, adminPage)
	return e
}

type noMetrics struct{}

func (noMetrics) WebhookOutcome(string, string, string, string) {}
