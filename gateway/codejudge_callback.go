package gateway

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/workflows"
)

// codejudgeCallback handles POST /webhooks/codejudge/:connection: Codejudge
// reports an invite completed or expired. Verify and decode, decide, signal,
// reply once. The signal is only a prompt: the TestInvitation workflow
// fetches the result itself (and polls anyway), so a forged or repeated
// callback can at worst make it look early.
func (rt *router) codejudgeCallback(c *gin.Context) {
	conn, ev, o, ok := rt.receiveCodejudge(c)
	if ok {
		o = rt.signalInvite(c.Request.Context(), decideCodejudge(conn, ev))
	}
	rt.respond(c, SourceCodejudge, codejudgeEventLabel, o.of(ev.Event).with(codejudgeEventAttrs(ev)...))
}

// receiveCodejudge reads, verifies, decodes and checks a callback: ok only
// for a genuine, fresh callback of a known connection. The event comes back whenever it
// decoded, so that a refusal's log line can name it.
func (rt *router) receiveCodejudge(c *gin.Context) (config.Connection, codejudge.CallbackEvent, outcome, bool) {
	conn, body, o, ok := rt.receive(c)
	if !ok {
		return conn, codejudge.CallbackEvent{}, o, false
	}
	// Codejudge signs the raw bytes: verify before parsing anything.
	if !codejudge.VerifyCallback(conn.Codejudge.CallbackSecret.Reveal(), c.GetHeader(codejudge.SignatureHeader), body) {
		return conn, codejudge.CallbackEvent{}, refused(http.StatusUnauthorized, reasonBadSignature, "invalid or missing callback signature"), false
	}
	ev, err := codejudge.DecodeCallback(body)
	if err != nil {
		return conn, ev, refused(http.StatusBadRequest, reasonMalformed, err.Error()).because(err), false
	}
	// Freshness: Codejudge redelivers an event for CallbackMaxAge after it
	// occurred, so an older one is a replay of a captured delivery, not a
	// retry (docs/codejudge-api.md §4.1).
	if msg, ok := rt.fresh(ev.OccurredAt, codejudge.CallbackMaxAge+rt.clockSkew, "occurred", "redelivery window plus clock skew"); !ok {
		return conn, ev, refused(http.StatusBadRequest, reasonStale, msg), false
	}
	return conn, ev, outcome{}, true
}

// signalInvite carries out a decision: it signals the TestInvitation workflow
// and says how that went.
func (rt *router) signalInvite(ctx context.Context, d signalDecision) outcome {
	if !d.act {
		return d.answer
	}
	s := d.work
	wfID := workflows.TestInvitationWorkflowID(s.connectionID, s.opportunityID, s.testID)
	err := rt.wf.SignalInviteFinished(ctx, s.connectionID, s.opportunityID, s.testID,
		workflows.InviteFinished{InviteID: s.inviteID})
	var o outcome
	switch {
	case errors.Is(err, ErrInviteDone):
		// Answered with 200, or Codejudge would redeliver for a day a callback
		// whose result was already handled.
		o = ignored(reasonInviteDone, gin.H{"workflowId": wfID, "status": "already finished"})
	case errors.Is(err, ErrUnknownInvite):
		o = refused(http.StatusNotFound, reasonUnknownInvite, "no assessment is waiting for this invite").because(err)
	case err != nil:
		o = notRecorded(err, "could not record the callback; retry later")
	default:
		o = done(http.StatusOK, OutcomeSignalled, gin.H{"workflowId": wfID, "status": "signalled"})
	}
	return o.with("opportunity_id", s.opportunityID, "workflow_id", wfID)
}

// codejudgeEventAttrs are the log attributes of a decoded callback; none
// before it decoded (DecodeCallback guarantees an event id).
func codejudgeEventAttrs(ev codejudge.CallbackEvent) []any {
	if ev.ID == "" {
		return nil
	}
	return []any{"codejudge_event_id", truncate(ev.ID, 64), "invite_id", truncate(ev.Invite.ID, 64)}
}

// codejudgeEventLabel bounds the metric's event label.
func codejudgeEventLabel(event string) string {
	switch event {
	case codejudge.EventInviteCompleted, codejudge.EventInviteExpired:
		return event
	case "":
		return "unknown"
	}
	return "other"
}
