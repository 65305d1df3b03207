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
	in.ScoreBands, in.PostingScoreBands = workflows.ScoreBandsOf(conn.ScoreBands, conn.PostingScoreBands)
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
