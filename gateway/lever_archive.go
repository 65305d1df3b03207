package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/workflows"
)

// decideLeverArchive says what a genuine, fresh candidateArchiveChange asks
// for: when it archived the opportunity, to tell the opportunity's
// assessment (the work names it; its Trigger is unset), which cancels open
// invites; a restore asks nothing. It reads nothing but its arguments.
func decideLeverArchive(conn config.Connection, ev lever.WebhookEvent) startDecision {
	var d lever.ArchiveChangeData
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		return startDecision{answer: malformedData(ev.Event, err)}
	}
	if !d.IsArchived() {
		return startDecision{answer: ignored(reasonNotArchived, gin.H{"status": "ignored"})}
	}
	return leftLever(conn, ev, d.OpportunityID)
}

// decideLeverDeleted says what a genuine, fresh candidateDeleted asks for:
// as an archive, to tell the opportunity's assessment, which cancels open
// invites (the opportunity is gone, so no note can be written to it).
func decideLeverDeleted(conn config.Connection, ev lever.WebhookEvent) startDecision {
	var d lever.DeletedData
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		return startDecision{answer: malformedData(ev.Event, err)}
	}
	return leftLever(conn, ev, d.Opportunity())
}

// leftLever is the decision to tell the opportunity's assessment that the
// opportunity left Lever's pipeline (archived or deleted).
func leftLever(conn config.Connection, ev lever.WebhookEvent, opportunityID string) startDecision {
	if !validExternalID(opportunityID) {
		return startDecision{answer: refused(http.StatusBadRequest, reasonMalformed, "data.opportunityId is missing or invalid")}
	}
	return startDecision{act: true, work: workflows.AssessmentInput{
		ConnectionID:     conn.ID,
		OpportunityID:    opportunityID,
		EventTriggeredAt: time.UnixMilli(ev.TriggeredAt).UTC(),
	}}
}

// forwardArchive carries out an archive decision: it claims the delivery's
// token and signals the assessment. No assessment running is fine: there is
// no open invite of ours to cancel.
func (rt *router) forwardArchive(ctx context.Context, token string, d startDecision) outcome {
	if !d.act {
		return d.answer
	}
	in := d.work
	if o, ok := rt.claimDelivery(ctx, in, token); !ok {
		return o
	}
	wfID := workflows.AssessmentWorkflowID(in.ConnectionID, in.OpportunityID)
	running, err := rt.wf.SignalOpportunityArchived(ctx, in.ConnectionID, in.OpportunityID)
	var o outcome
	switch {
	case err != nil:
		o = notRecorded(err, "could not record the event; retry later")
	case running:
		o = done(http.StatusOK, OutcomeSignalled, gin.H{"workflowId": wfID, "status": "signalled"})
	default:
		o = ignored(reasonNoAssessment, gin.H{"status": "ignored"})
	}
	return o.with("opportunity_id", in.OpportunityID, "workflow_id", wfID)
}
