package gateway

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/workflows"
)

// startDecision is whether to start an assessment, and with which input.
type startDecision = decision[workflows.AssessmentInput]

// decideLever says what a genuine, fresh Lever event asks for: the
// AssessmentInput to start (without Timing, which is the deployment's), or
// the answer to give instead. It reads nothing but its arguments.
func decideLever(conn config.Connection, ev lever.WebhookEvent) startDecision {
	in := workflows.AssessmentInput{
		ConnectionID:     conn.ID,
		TriggerStageID:   conn.TriggerStageID,
		EventTriggeredAt: time.UnixMilli(ev.TriggeredAt).UTC(),
	}
	switch {
	case isVerifyConnection(ev):
		// Lever's "Verify Connection" button: it needs a 2xx and nothing else.
		return startDecision{answer: ignored(reasonVerifyConnection, gin.H{"status": "verified"})}
	case ev.Event == lever.EventCandidateStageChange:
		var d lever.StageChangeData
		if err := json.Unmarshal(ev.Data, &d); err != nil {
			return startDecision{answer: malformedData(ev.Event, err)}
		}
		if d.ToStageID != conn.TriggerStageID {
			return startDecision{answer: ignored(reasonNotTriggerStage, gin.H{"status": "ignored"})}
		}
		in.Trigger, in.OpportunityID = workflows.TriggerStageChange, d.OpportunityID
	case ev.Event == lever.EventApplicationCreated:
		// The event does not say the stage: the workflow reads the opportunity
		// and skips it unless it stands in the trigger stage.
		var d lever.ApplicationCreatedData
		if err := json.Unmarshal(ev.Data, &d); err != nil {
			return startDecision{answer: malformedData(ev.Event, err)}
		}
		in.Trigger, in.OpportunityID = workflows.TriggerApplicationCreated, d.OpportunityID
	default:
		return startDecision{answer: ignored(reasonEventNotHandled, gin.H{"status": "ignored"})}
	}
	if !validExternalID(in.OpportunityID) {
		return startDecision{answer: refused(http.StatusBadRequest, reasonMalformed, "data.opportunityId is missing or invalid")}
	}
	return startDecision{act: true, work: in}
}

func malformedData(event string, err error) outcome {
	return refused(http.StatusBadRequest, reasonMalformed, "malformed "+event+" data: "+err.Error()).because(err)
}

// verifyLeverSignature checks the event against the token of the webhook that
// delivers its event type. Lever's "Verify Connection" is the exception: it
// sends an event with empty data signed with the token of whichever webhook
// is being verified, so it passes when any of the connection's tokens
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
// candidateHired or applicationCreated whose data is empty (absent, null or
// {}). Lever verifies an applicationCreated webhook with an event of its own
// type; a genuine applicationCreated always names its opportunity.
func isVerifyConnection(ev lever.WebhookEvent) bool {
	if ev.Event != lever.EventCandidateHired && ev.Event != lever.EventApplicationCreated {
		return false
	}
	var fields map[string]json.RawMessage
	if len(ev.Data) > 0 && json.Unmarshal(ev.Data, &fields) != nil {
		return false
	}
	return len(fields) == 0
}
