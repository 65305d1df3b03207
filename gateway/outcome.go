package gateway

import (
	"context"
	"log/slog"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"
)

// Reasons: short words that say why an outcome happened (logs and metrics).
const (
	reasonUnknownConnection = "unknown_connection"
	reasonMalformed         = "malformed"
	reasonMissingSignature  = "missing_signature"
	reasonNoToken           = "no_token" // no signature token configured for the event
	reasonBadSignature      = "bad_signature"
	reasonStale             = "stale" // triggeredAt outside the replay window or clock skew
	reasonVerifyConnection  = "verify_connection"
	reasonNotTriggerStage   = "not_trigger_stage"
	reasonEventNotHandled   = "event_not_handled"
	reasonUnknownInvite     = "unknown_invite"
	reasonUnavailable       = "temporal_unavailable"
	reasonInternal          = "internal"
)

// outcome is how one webhook or callback ended: one log line and one metric.
type outcome struct {
	source  string // SourceLever or SourceCodejudge
	event   string // the event name as sent, "" when not decoded
	outcome string // one of the Outcome constants
	reason  string // a short snake_case word, "" when there is nothing to add
	status  int    // the HTTP status answered
	err     error  // the cause of a failure, if any
}

// report logs the outcome at info (warn when the sender must retry) and counts
// it. The logger already carries the request id, connection and, once known,
// opportunity and workflow id; nothing here holds a secret, token, signature
// or candidate detail.
func (rt *router) report(ctx context.Context, lg *slog.Logger, eventLabel func(string) string, o outcome) {
	attrs := []any{
		"source", o.source,
		"event", truncate(o.event, 64),
		"outcome", o.outcome,
		"status", o.status,
	}
	if o.reason != "" {
		attrs = append(attrs, "reason", o.reason)
	}
	level := slog.LevelInfo
	if o.err != nil {
		attrs = append(attrs, "error", o.err)
	}
	if o.outcome == OutcomeFailed {
		level = slog.LevelWarn
	}
	lg.Log(ctx, level, "webhook handled", attrs...)
	rt.metrics.WebhookOutcome(o.source, eventLabel(o.event), o.outcome, o.reason)
}

// truncate bounds a sender-supplied string before it goes into a log line.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// validExternalID accepts an id that can safely become part of a workflow id:
// not empty, bounded, and free of the "/" that separates workflow id parts
// (an opportunity id "x/T1" must not address the TestInvitation of test T1),
// of spaces and of control characters.
func validExternalID(id string) bool {
	if id == "" || len(id) > 128 || strings.Contains(id, "/") {
		return false
	}
	return !strings.ContainsFunc(id, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
}

// responder answers one webhook or callback request and reports its outcome
// (log line and metric) exactly once, with the logger and event as they stand
// when it answers.
type responder struct {
	rt     *router
	c      *gin.Context
	lg     *slog.Logger
	source string
	event  string
	label  func(string) string
}

func (rt *router) newResponder(c *gin.Context, source string, label func(string) string) *responder {
	return &responder{
		rt: rt, c: c, source: source, label: label,
		lg: rt.requestLogger(c).With("connection", truncate(c.Param("connection"), 64)),
	}
}

// done reports an outcome whose response is already written.
func (r *responder) done(status int, o outcome) {
	o.source, o.event, o.status = r.source, r.event, status
	r.rt.report(r.c.Request.Context(), r.lg, r.label, o)
}

// fail answers with a JSON error and reports.
func (r *responder) fail(status int, o outcome, msg string) {
	abortWithError(r.c, status, msg)
	r.done(status, o)
}

// reply answers with a JSON body and reports.
func (r *responder) reply(status int, o outcome, body gin.H) {
	r.c.JSON(status, body)
	r.done(status, o)
}
