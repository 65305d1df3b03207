package gateway

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/workflows"
)

// leverWebhook handles POST /webhooks/lever/:connection.
//
// Lever retries any non-2xx and staff can re-run deliveries for two weeks, so
// the same event may arrive many times: the deterministic workflow id makes
// every arrival after the first a duplicate. A 2xx is sent only after Temporal
// has recorded the start, so nothing is acknowledged that could be lost.
func (rt *router) leverWebhook(c *gin.Context) {
	ctx := c.Request.Context()
	res := rt.newResponder(c, SourceLever, leverEventLabel)

	conn, ok := rt.connection(c)
	if !ok {
		res.fail(http.StatusNotFound, outcome{outcome: OutcomeRefused, reason: reasonUnknownConnection}, "unknown connection")
		return
	}
	body, reason, ok := rt.readBody(c)
	if !ok {
		res.done(c.Writer.Status(), outcome{outcome: OutcomeRefused, reason: reason})
		return
	}
	ev, err := lever.DecodeWebhookEvent(body)
	if err != nil {
		res.fail(http.StatusBadRequest, outcome{outcome: OutcomeRefused, reason: reasonMalformed, err: err}, "malformed Lever webhook: "+err.Error())
		return
	}
	res.event = ev.Event
	if ev.ID != "" {
		res.lg = res.lg.With("lever_event_id", truncate(ev.ID, 64))
	}

	// Authenticity first: nothing about an unsigned event is worth telling.
	if reason, ok := verifyLeverSignature(conn, ev); !ok {
		res.fail(http.StatusUnauthorized, outcome{outcome: OutcomeRefused, reason: reason}, "invalid or missing webhook signature")
		return
	}
	// Freshness: the signature covers triggeredAt, so an old signed event
	// cannot be passed off as new; refusing old ones bounds replays to
	// Lever's own re-run window.
	triggeredAt := time.UnixMilli(ev.TriggeredAt)
	if msg, ok := rt.fresh(triggeredAt); !ok {
		res.fail(http.StatusBadRequest, outcome{outcome: OutcomeRefused, reason: reasonStale}, msg)
		return
	}

	in := workflows.AssessmentInput{
		ConnectionID:     conn.ID,
		TriggerStageID:   conn.TriggerStageID,
		EventTriggeredAt: triggeredAt.UTC(),
		Timing:           rt.timing,
	}
	switch {
	case isVerifyConnection(ev):
		// Lever's "Verify Connection" button: it needs a 2xx and nothing else.
		res.reply(http.StatusOK, outcome{outcome: OutcomeIgnored, reason: reasonVerifyConnection}, gin.H{"status": "verified"})
		return
	case ev.Event == lever.EventCandidateStageChange:
		var d lever.StageChangeData
		if err := json.Unmarshal(ev.Data, &d); err != nil {
			res.fail(http.StatusBadRequest, outcome{outcome: OutcomeRefused, reason: reasonMalformed, err: err}, "malformed candidateStageChange data: "+err.Error())
			return
		}
		if d.ToStageID != conn.TriggerStageID {
			res.reply(http.StatusOK, outcome{outcome: OutcomeIgnored, reason: reasonNotTriggerStage}, gin.H{"status": "ignored"})
			return
		}
		in.Trigger, in.OpportunityID = workflows.TriggerStageChange, d.OpportunityID
	case ev.Event == lever.EventApplicationCreated:
		// The event does not say the stage: the workflow reads the opportunity
		// and skips it unless it stands in the trigger stage.
		var d lever.ApplicationCreatedData
		if err := json.Unmarshal(ev.Data, &d); err != nil {
			res.fail(http.StatusBadRequest, outcome{outcome: OutcomeRefused, reason: reasonMalformed, err: err}, "malformed applicationCreated data: "+err.Error())
			return
		}
		in.Trigger, in.OpportunityID = workflows.TriggerApplicationCreated, d.OpportunityID
	default:
		res.reply(http.StatusOK, outcome{outcome: OutcomeIgnored, reason: reasonEventNotHandled}, gin.H{"status": "ignored"})
		return
	}
	if !validExternalID(in.OpportunityID) {
		res.fail(http.StatusBadRequest, outcome{outcome: OutcomeRefused, reason: reasonMalformed}, "data.opportunityId is missing or invalid")
		return
	}

	_, wfID := in.StartWorkflow()
	res.lg = res.lg.With("opportunity_id", in.OpportunityID, "workflow_id", wfID)
	started, err := rt.wf.StartAssessment(ctx, in)
	switch {
	case errors.Is(err, ErrTemporalUnavailable):
		res.fail(http.StatusServiceUnavailable, outcome{outcome: OutcomeFailed, reason: reasonUnavailable, err: err}, "could not record the event; retry later")
	case err != nil:
		res.fail(http.StatusInternalServerError, outcome{outcome: OutcomeFailed, reason: reasonInternal, err: err}, "internal error")
	case started:
		res.reply(http.StatusAccepted, outcome{outcome: OutcomeStarted}, gin.H{"workflowId": wfID, "status": "started"})
	default:
		res.reply(http.StatusOK, outcome{outcome: OutcomeDuplicate}, gin.H{"workflowId": wfID, "status": "duplicate"})
	}
}

// verifyLeverSignature checks the event against the token of the webhook that
// delivers its event type. Lever's "Verify Connection" is the exception: it
// sends a candidateHired with empty data signed with the token of whichever
// webhook is being verified, so it passes when any of the connection's tokens
// matches; it starts nothing either way.
func verifyLeverSignature(conn config.Connection, ev lever.WebhookEvent) (reason string, ok bool) {
	if ev.Signature == "" || ev.Token == "" {
		return reasonMissingSignature, false
	}
	if isVerifyConnection(ev) {
		for _, tok := range conn.Lever.WebhookTokens {
			if tok.IsSet() && lever.VerifyWebhookSignature(tok.Reveal(), ev) {
				return "", true
			}
		}
		return reasonBadSignature, false
	}
	tok, found := conn.Lever.WebhookTokens[ev.Event]
	if !found || !tok.IsSet() {
		return reasonNoToken, false
	}
	if !lever.VerifyWebhookSignature(tok.Reveal(), ev) {
		return reasonBadSignature, false
	}
	return "", true
}

// isVerifyConnection tells Lever's "Verify Connection" test event: a
// candidateHired whose data is empty.
func isVerifyConnection(ev lever.WebhookEvent) bool {
	if ev.Event != lever.EventCandidateHired {
		return false
	}
	var fields map[string]json.RawMessage
	if len(ev.Data) > 0 && json.Unmarshal(ev.Data, &fields) != nil {
		return false
	}
	return len(fields) == 0
}

// fresh refuses an event older than the replay window or further ahead of
// our clock than the allowed skew.
func (rt *router) fresh(triggeredAt time.Time) (msg string, ok bool) {
	now := rt.now()
	if triggeredAt.Before(now.Add(-rt.replayWindow)) {
		return fmt.Sprintf("event triggered at %s is older than the %s replay window", triggeredAt.UTC().Format(time.RFC3339), rt.replayWindow), false
	}
	if triggeredAt.After(now.Add(rt.clockSkew)) {
		return fmt.Sprintf("event triggered at %s is in the future", triggeredAt.UTC().Format(time.RFC3339)), false
	}
	return "", true
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
