package gateway

import (
	"encoding/json"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/config"
)

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
