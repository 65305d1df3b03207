package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/workflows"
)

func TestDecideLever(t *testing.T) {
	conn, _ := testConnections(t).Get(context.Background(), connID)
	at := fixedNow.Add(-time.Minute)
	event := func(name, data string) lever.WebhookEvent {
		ev := lever.WebhookEvent{Event: name, TriggeredAt: at.UnixMilli()}
		if data != "" {
			ev.Data = json.RawMessage(data)
		}
		return ev
	}
	startInput := func(trigger workflows.Trigger, opp string) workflows.AssessmentInput {
		return workflows.AssessmentInput{
			ConnectionID: connID, OpportunityID: opp, Trigger: trigger,
			TriggerStageID: triggerStage, EventTriggeredAt: at.UTC(),
		}
	}
	cases := []struct {
		name   string
		ev     lever.WebhookEvent
		start  *workflows.AssessmentInput
		status int    // the answer's, when nothing starts
		reason string // the answer's, when nothing starts
	}{
		{name: "stage change to the trigger stage",
			ev:    event(lever.EventCandidateStageChange, `{"opportunityId":"opp-1","toStageId":"`+triggerStage+`"}`),
			start: new(startInput(workflows.TriggerStageChange, "opp-1"))},
		{name: "stage change elsewhere",
			ev:     event(lever.EventCandidateStageChange, `{"opportunityId":"opp-1","toStageId":"stage-onsite"}`),
			status: http.StatusOK, reason: reasonNotTriggerStage},
		{name: "stage change without data",
			ev:     event(lever.EventCandidateStageChange, ""),
			status: http.StatusBadRequest, reason: reasonMalformed},
		{name: "stage change with a number for toStageId",
			ev:     event(lever.EventCandidateStageChange, `{"opportunityId":"opp-1","toStageId":7}`),
			status: http.StatusBadRequest, reason: reasonMalformed},
		{name: "stage change without opportunityId",
			ev:     event(lever.EventCandidateStageChange, `{"toStageId":"`+triggerStage+`"}`),
			status: http.StatusBadRequest, reason: reasonMalformed},
		{name: "application created",
			ev:    event(lever.EventApplicationCreated, `{"opportunityId":"opp-2"}`),
			start: new(startInput(workflows.TriggerApplicationCreated, "opp-2"))},
		{name: "application created with an id that would address another workflow",
			ev:     event(lever.EventApplicationCreated, `{"opportunityId":"opp-2/CJ-1"}`),
			status: http.StatusBadRequest, reason: reasonMalformed},
		{name: "verify connection",
			ev:     event(lever.EventCandidateHired, `{}`),
			status: http.StatusOK, reason: reasonVerifyConnection},
		{name: "verify connection of an applicationCreated webhook",
			ev:     event(lever.EventApplicationCreated, `{}`),
			status: http.StatusOK, reason: reasonVerifyConnection},
		{name: "verify connection of an applicationCreated webhook, no data",
			ev:     event(lever.EventApplicationCreated, ""),
			status: http.StatusOK, reason: reasonVerifyConnection},
		{name: "real candidateHired",
			ev:     event(lever.EventCandidateHired, `{"opportunityId":"opp-1"}`),
			status: http.StatusOK, reason: reasonEventNotHandled},
		{name: "event not handled",
			ev:     event(lever.EventCandidateArchiveChange, `{"opportunityId":"opp-1"}`),
			status: http.StatusOK, reason: reasonEventNotHandled},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := decideLever(conn, tc.ev)
			if tc.start != nil {
				if !d.act || !reflect.DeepEqual(d.work, *tc.start) {
					t.Fatalf("decision %+v, want to start %+v", d, *tc.start)
				}
				return
			}
			if d.act || d.answer.status != tc.status || d.answer.reason != tc.reason {
				t.Fatalf("decision %+v, want answer %d %s", d, tc.status, tc.reason)
			}
		})
	}
}

// The connection's score bands travel in the input: its own, and each
// posting's, for the workflow to choose from once it knows the posting.
func TestDecideLeverPassesTheScoreBands(t *testing.T) {
	conn, _ := testConnections(t).Get(context.Background(), connID)
	conn.ScoreBands = &config.ScoreBands{PassPercentage: 70, PassStageID: "stage-onsite"}
	conn.PostingScoreBands = map[string]config.ScoreBands{"post-1": {FailPercentage: 40, FailTag: "CJ Low score"}}
	ev := lever.WebhookEvent{Event: lever.EventCandidateStageChange, TriggeredAt: fixedNow.UnixMilli(),
		Data: json.RawMessage(`{"opportunityId":"opp-1","toStageId":"` + triggerStage + `"}`)}

	d := decideLever(conn, ev)

	if !d.act {
		t.Fatalf("decision %+v, want a start", d)
	}
	if want := (&workflows.ScoreBands{PassPercentage: 70, PassStageID: "stage-onsite"}); !reflect.DeepEqual(d.work.ScoreBands, want) {
		t.Errorf("ScoreBands = %+v, want %+v", d.work.ScoreBands, want)
	}
	want := map[string]workflows.ScoreBands{"post-1": {FailPercentage: 40, FailTag: "CJ Low score"}}
	if !reflect.DeepEqual(d.work.PostingScoreBands, want) {
		t.Errorf("PostingScoreBands = %+v, want %+v", d.work.PostingScoreBands, want)
	}
}
