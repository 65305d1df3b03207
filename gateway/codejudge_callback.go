package gateway

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/workflows"
)

// codejudgeCallback handles POST /webhooks/codejudge/:connection: Codejudge
// reports an invite completed or expired. The signal is only a prompt: the
// TestInvitation workflow fetches the result itself (and polls anyway), so a
// forged or repeated callback can at worst make it look early.
func (rt *router) codejudgeCallback(c *gin.Context) {
	ctx := c.Request.Context()
	res := rt.newResponder(c, SourceCodejudge, codejudgeEventLabel)

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
	// Codejudge signs the raw bytes: verify before parsing anything.
	if !codejudge.VerifyCallback(conn.Codejudge.CallbackSecret.Reveal(), c.GetHeader(codejudge.SignatureHeader), body) {
		res.fail(http.StatusUnauthorized, outcome{outcome: OutcomeRefused, reason: reasonBadSignature}, "invalid or missing callback signature")
		return
	}
	ev, err := codejudge.DecodeCallback(body)
	if err != nil {
		res.fail(http.StatusBadRequest, outcome{outcome: OutcomeRefused, reason: reasonMalformed, err: err}, err.Error())
		return
	}
	res.event = ev.Event
	res.lg = res.lg.With("codejudge_event_id", truncate(ev.ID, 64), "invite_id", truncate(ev.Invite.ID, 64))
	if ev.Event != codejudge.EventInviteCompleted && ev.Event != codejudge.EventInviteExpired {
		// Codejudge's contract: acknowledge and ignore events we do not know.
		res.reply(http.StatusOK, outcome{outcome: OutcomeIgnored, reason: reasonEventNotHandled}, gin.H{"status": "ignored"})
		return
	}
	// externalId is the opportunity id we gave the invite; it becomes part
	// of a workflow id.
	if !validExternalID(ev.Invite.ExternalID) || !validExternalID(ev.Invite.TestID) {
		res.fail(http.StatusBadRequest, outcome{outcome: OutcomeRefused, reason: reasonMalformed}, "invite.externalId or invite.testId is invalid")
		return
	}

	wfID := workflows.TestInvitationWorkflowID(conn.ID, ev.Invite.ExternalID, ev.Invite.TestID)
	res.lg = res.lg.With("opportunity_id", ev.Invite.ExternalID, "workflow_id", wfID)
	err = rt.wf.SignalInviteFinished(ctx, conn.ID, ev.Invite.ExternalID, ev.Invite.TestID,
		workflows.InviteFinished{InviteID: ev.Invite.ID})
	switch {
	case errors.Is(err, ErrUnknownInvite):
		res.fail(http.StatusNotFound, outcome{outcome: OutcomeRefused, reason: reasonUnknownInvite, err: err}, "no assessment is waiting for this invite")
	case errors.Is(err, ErrTemporalUnavailable):
		res.fail(http.StatusServiceUnavailable, outcome{outcome: OutcomeFailed, reason: reasonUnavailable, err: err}, "could not record the callback; retry later")
	case err != nil:
		res.fail(http.StatusInternalServerError, outcome{outcome: OutcomeFailed, reason: reasonInternal, err: err}, "internal error")
	default:
		res.reply(http.StatusOK, outcome{outcome: OutcomeSignalled}, gin.H{"workflowId": wfID, "status": "signalled"})
	}
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
