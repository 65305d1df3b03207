// Package ops is the one place that lists, shows, retries and dismisses
// CandidateAssessment workflows for support and ops staff. `cjlever ops` and
// the gateway's ops HTTP API both use it. It speaks to Temporal only (its
// visibility store, the status query, the ops Updates): it knows nothing of
// HTTP or command-line flags.
package ops

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"
	"golang.org/x/time/rate"
)

// DefaultRetryAllPerSecond paces RetryAll. Each retried assessment's Lever
// calls wait for their turn on their account's rate-limited task queue
// anyway; the pacing keeps the burst of Temporal updates modest.
const DefaultRetryAllPerSecond = 5

// Errors the caller may tell apart (errors.Is).
var (
	// ErrNotFound: no assessment of that opportunity.
	ErrNotFound = errors.New("no such assessment")
	// ErrAmbiguous: the opportunity has assessments on several
	// connections; the error names them.
	ErrAmbiguous = errors.New("the opportunity has assessments on several connections")
	// ErrRefused: the assessment refused the decision, e.g. it is not
	// parked in NeedsAttention, or it has ended.
	ErrRefused = errors.New("refused")
	// ErrInvalid: a filter value or request the service will not send.
	ErrInvalid = errors.New("invalid request")
)

// Options tune a Service; zero values take defaults.
type Options struct {
	// Logger receives one line per action; default discards.
	Logger *slog.Logger
	// RetryAllPerSecond paces RetryAll; default DefaultRetryAllPerSecond.
	RetryAllPerSecond float64
	// Now is the clock of OlderThan filters; default time.Now.
	Now func() time.Time
}

// Service acts on assessments over a Temporal client whose data converter
// decodes cjlever's payloads (the status is encrypted).
type Service struct {
	temporal client.Client
	log      *slog.Logger
	perSec   float64
	now      func() time.Time
}

// New returns a Service over c.
func New(c client.Client, opts Options) *Service {
	s := &Service{temporal: c, log: opts.Logger, perSec: opts.RetryAllPerSecond, now: opts.Now}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.perSec <= 0 {
		s.perSec = DefaultRetryAllPerSecond
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// pacer is a fresh limiter for one RetryAll: a burst of one, then perSec.
func (s *Service) pacer() *rate.Limiter {
	return rate.NewLimiter(rate.Limit(s.perSec), 1)
}

// audit logs one action: who, what, on which workflow, and how it went. It
// never logs candidate data: the workflow id holds only ids.
func (s *Service) audit(ctx context.Context, actor, action, workflowID string, err error) {
	outcome := "ok"
	level := slog.LevelInfo
	if err != nil {
		outcome, level = err.Error(), slog.LevelWarn
	}
	s.log.Log(ctx, level, "ops action", "actor", actor, "action", action, "workflow_id", workflowID, "outcome", outcome)
}
