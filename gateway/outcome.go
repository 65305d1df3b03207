package gateway

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
)

// Reasons: short words that say why an outcome happened (logs and metrics).
const (
	reasonUnknownConnection = "unknown_connection"
	reasonTooLarge          = "too_large"
	reasonUnreadable        = "unreadable"
	reasonMalformed         = "malformed"
	reasonMissingSignature  = "missing_signature"
	reasonNoToken           = "no_token" // no signature token configured for the event
	reasonBadSignature      = "bad_signature"
	reasonReplayed          = "replayed" // a delivery token seen before
	reasonStale             = "stale"    // the event's time is outside the accepted window or clock skew
	reasonVerifyConnection  = "verify_connection"
	reasonNotTriggerStage   = "not_trigger_stage"
	reasonEventNotHandled   = "event_not_handled"
	reasonNotArchived       = "not_archived"  // an archive change that restored the opportunity
	reasonNoAssessment      = "no_assessment" // no assessment runs for the archived opportunity
	reasonUnknownInvite     = "unknown_invite"
	reasonInviteDone        = "invite_done" // the test invitation already closed
	reasonUnavailable       = "temporal_unavailable"
	reasonInternal          = "internal"
)

// outcome is how one webhook or callback ends: the answer it gets, and what
// the one log line and metric that report it say. Handlers compute it and
// hand it to respond; nothing else answers a webhook.
type outcome struct {
	status int
	body   any    // the JSON answered; errorBody for a refusal or failure
	kind   string // one of the Outcome constants
	reason string // a short snake_case word, "" when there is nothing to add
	err    error  // the cause of a refusal or failure, if any
	event  string // the event name as sent, "" when not decoded
	attrs  []any  // log attributes learned on the way: ids, as key-value pairs
}

// refused is a request not acted on because it is not genuine, malformed,
// stale or addresses nothing.
func refused(status int, reason, msg string) outcome {
	return outcome{status: status, body: errorBody{Error: msg}, kind: OutcomeRefused, reason: reason}
}

// failed is a request Temporal could not record: the sender must retry.
func failed(status int, reason, msg string, err error) outcome {
	return outcome{status: status, body: errorBody{Error: msg}, kind: OutcomeFailed, reason: reason, err: err}
}

// notRecorded is the failure for a Workflows error: 503 with retryMsg when
// Temporal could not record the request, so the sender retries; 500
// otherwise.
func notRecorded(err error, retryMsg string) outcome {
	if errors.Is(err, ErrTemporalUnavailable) {
		return failed(http.StatusServiceUnavailable, reasonUnavailable, retryMsg, err)
	}
	return failed(http.StatusInternalServerError, reasonInternal, "internal error", err)
}

// ignored is a genuine request with nothing to do.
func ignored(reason string, body gin.H) outcome {
	return outcome{status: http.StatusOK, body: body, kind: OutcomeIgnored, reason: reason}
}

// done is a request acted on: kind is OutcomeStarted, OutcomeDuplicate or
// OutcomeSignalled.
func done(status int, kind string, body gin.H) outcome {
	return outcome{status: status, body: body, kind: kind}
}

func (o outcome) because(err error) outcome {
	o.err = err
	return o
}

func (o outcome) of(event string) outcome {
	o.event = event
	return o
}

func (o outcome) with(attrs ...any) outcome {
	o.attrs = append(o.attrs, attrs...)
	return o
}

// respond answers o and reports it: one log line and one metric per request.
// eventLabel bounds the metric's event label to the source's known events.
func (rt *router) respond(c *gin.Context, source string, eventLabel func(string) string, o outcome) {
	c.JSON(o.status, o.body)
	lg := rt.requestLogger(c).With("connection", truncate(c.Param("connection"), 64))
	logOutcome(c, lg.With(o.attrs...), source, o)
	rt.metrics.WebhookOutcome(source, eventLabel(o.event), o.kind, o.reason)
}

// logOutcome logs at info, at warn when the sender must retry. The logger
// carries the request id, connection and the ids o learned; nothing here
// holds a secret, token, signature or candidate detail.
func logOutcome(c *gin.Context, lg *slog.Logger, source string, o outcome) {
	attrs := []any{
		"source", source,
		"event", truncate(o.event, 64),
		"outcome", o.kind,
		"status", o.status,
	}
	if o.reason != "" {
		attrs = append(attrs, "reason", o.reason)
	}
	if o.err != nil {
		attrs = append(attrs, "error", o.err)
	}
	level := slog.LevelInfo
	if o.kind == OutcomeFailed {
		level = slog.LevelWarn
	}
	lg.Log(c.Request.Context(), level, "webhook handled", attrs...)
}

// truncate bounds a sender-supplied string before it goes into a log line.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
