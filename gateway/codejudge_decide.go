package gateway

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/config"
)

// inviteSignal addresses the TestInvitation workflow a callback is about.
type inviteSignal struct {
	connectionID  string
	opportunityID string // the invite's externalId: we gave it the opportunity id
	testID        string
	inviteID      string
}

// signalDecision is whether to signal a TestInvitation, and which.
type signalDecision = decision[inviteSignal]

// decideCodejudge says what a genuine callback asks for: the workflow to
// signal, or the answer to give instead. It reads nothing but its arguments.
func decideCodejudge(conn config.Connection, ev codejudge.CallbackEvent) signalDecision {
	if ev.Event != codejudge.EventInviteCompleted && ev.Event != codejudge.EventInviteExpired {
		// Codejudge's contract: acknowledge and ignore events we do not know.
		return signalDecision{answer: ignored(reasonEventNotHandled, gin.H{"status": "ignored"})}
	}
	// Both ids become part of a workflow id.
	if !validExternalID(ev.Invite.ExternalID) || !validExternalID(ev.Invite.TestID) {
		return signalDecision{answer: refused(http.StatusBadRequest, reasonMalformed, "invite.externalId or invite.testId is invalid")}
	}
	return signalDecision{act: true, work: inviteSignal{
		connectionID:  conn.ID,
		opportunityID: ev.Invite.ExternalID,
		testID:        ev.Invite.TestID,
		inviteID:      ev.Invite.ID,
	}}
}
