package gateway

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/workflows"
)

// leverWebhook handles POST /webhooks/lever/:connection: decode and verify,
// decide, start, reply once.
//
// Lever retries any non-2xx and staff can re-run deliveries for two weeks, so
// the same event may arrive many times: the deterministic workflow id makes
// every arrival after the first a duplicate. A 2xx is sent only after Temporal
// has recorded the start, so nothing is acknowledged that could be lost.
func (rt *router) leverWebhook(c *gin.Context) {
	conn, ev, o, ok := rt.receiveLever(c)
	if ok {
		o = rt.actOnLever(c.Request.Context(), conn, ev)
	}
	rt.respond(c, SourceLever, leverEventLabel, o.of(ev.Event).with(leverEventAttrs(ev)...))
}

// actOnLever decides and acts on a genuine, fresh event: an archive or a
// deletion is forwarded to the running assessment, anything else may start
// one.
func (rt *router) actOnLever(ctx context.Context, conn config.Connection, ev lever.WebhookEvent) outcome {
	switch ev.Event {
	case lever.EventCandidateArchiveChange:
		return rt.forwardArchive(ctx, ev.Token, decideLeverArchive(conn, ev))
	case lever.EventCandidateDeleted:
		return rt.forwardArchive(ctx, ev.Token, decideLeverDeleted(conn, ev))
	}
	return rt.startAssessment(ctx, ev.Token, decideLever(conn, ev))
}

// receiveLever reads, decodes and checks a Lever delivery: ok only for a
// genuine, fresh event of a known connection. The event comes back whenever
// it decoded, so that a refusal's log line can name it.
func (rt *router) receiveLever(c *gin.Context) (config.Connection, lever.WebhookEvent, outcome, bool) {
	conn, body, o, ok := rt.receive(c)
	if !ok {
		return conn, lever.WebhookEvent{}, o, false
	}
	ev, err := decodeLeverEvent(body)
	if err != nil {
		return conn, ev, refused(http.StatusBadRequest, reasonMalformed, "malformed Lever webhook: "+err.Error()).because(err), false
	}
	// Authenticity first: nothing about an unsigned event is worth telling.
	if reason, ok := verifyLeverSignature(conn, ev); !ok {
		return conn, ev, refused(http.StatusUnauthorized, reason, "invalid or missing webhook signature"), false
	}
	// Freshness: the signature covers triggeredAt, so an old signed event
	// cannot be passed off as new; refusing old ones bounds replays to
	// Lever's own re-run window.
	if msg, ok := rt.fresh(time.UnixMilli(ev.TriggeredAt), rt.replayWindow, "triggered", "replay window"); !ok {
		return conn, ev, refused(http.StatusBadRequest, reasonStale, msg), false
	}
	return conn, ev, outcome{}, true
}

// startAssessment carries out a decision: it claims the delivery's token,
// starts the workflow and says how that went.
func (rt *router) startAssessment(ctx context.Context, token string, d startDecision) outcome {
	if !d.act {
		return d.answer
	}
	in := d.work
	claim, o, ok := rt.deliveryClaim(in, token)
	if !ok {
		return o
	}
	in.Timing = rt.timing // the deployment's, not the event's
	_, wfID := in.StartWorkflow()
	result, err := rt.wf.StartAssessment(ctx, in, claim)
	switch {
	case result == Replayed:
		o = replayed().because(err)
	case err != nil:
		o = notRecorded(err, "could not record the event; retry later")
	case result == Started:
		o = done(http.StatusAccepted, OutcomeStarted, gin.H{"workflowId": wfID, "status": "started"})
	default:
		o = done(http.StatusOK, string(result), gin.H{"workflowId": wfID, "status": string(result)})
	}
	return o.with("opportunity_id", in.OpportunityID, "workflow_id", wfID)
}

// deliveryClaim is the claim of a delivery's token. Lever signs only the
// token and triggeredAt, not the body, and sends a new token with every
// delivery, its own retries included: a token seen twice is someone
// replaying a captured delivery, perhaps with another opportunity in it.
// The token is held until the delivery would be refused as stale anyway.
func (rt *router) deliveryClaim(in workflows.AssessmentInput, token string) (DeliveryClaim, outcome, bool) {
	if !validExternalID(token) {
		return DeliveryClaim{}, refused(http.StatusBadRequest, reasonMalformed, "token is missing or invalid"), false
	}
	return DeliveryClaim{Token: token, Until: in.EventTriggeredAt.Add(rt.replayWindow + rt.clockSkew)}, outcome{}, true
}

// claimDelivery claims a delivery's token on its own (deliveryClaim),
// before an archive is forwarded.
func (rt *router) claimDelivery(ctx context.Context, in workflows.AssessmentInput, token string) (outcome, bool) {
	claim, o, ok := rt.deliveryClaim(in, token)
	if !ok {
		return o, false
	}
	fresh, err := rt.wf.ClaimDelivery(ctx, in.ConnectionID, claim.Token, claim.Until)
	switch {
	case err != nil:
		return notRecorded(err, "could not record the event; retry later"), false
	case !fresh:
		return replayed(), false
	}
	return outcome{}, true
}

func replayed() outcome {
	return refused(http.StatusConflict, reasonReplayed, "this delivery token was already used: Lever sends each delivery with a new token")
}

// leverEventAttrs are the log attributes of a decoded event: Lever does not
// always send an id.
func leverEventAttrs(ev lever.WebhookEvent) []any {
	if ev.ID == "" {
		return nil
	}
	return []any{"lever_event_id", truncate(ev.ID, 64)}
}

// leverEventLabel bounds the metric's event label to Lever's documented
// events: the name comes from the sender.
func leverEventLabel(event string) string {
	switch {
	case event == "":
		return "unknown"
	case slices.Contains(lever.Events(), event):
		return event
	}
	return "other"
}
