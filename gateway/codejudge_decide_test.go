package gateway

import (
	"context"
	"net/http"
	"testing"

	"github.com/cjlever/cjlever/clients/codejudge"
)

func TestDecideCodejudge(t *testing.T) {
	conn, _ := testConnections(t).Get(context.Background(), connID)
	callback := func(event, externalID, testID string) codejudge.CallbackEvent {
		return codejudge.CallbackEvent{ID: "evt-9", Event: event, OccurredAt: fixedNow,
			Invite: codejudge.Invite{ID: "inv-7", TestID: testID, ExternalID: externalID}}
	}
	cases := []struct {
		name   string
		ev     codejudge.CallbackEvent
		signal *inviteSignal
		status int    // the answer's, when nothing is signalled
		reason string // the answer's, when nothing is signalled
	}{
		{name: "completed", ev: callback(codejudge.EventInviteCompleted, "opp-1", "CJ-81519"),
			signal: &inviteSignal{connID, "opp-1", "CJ-81519", "inv-7"}},
		{name: "expired", ev: callback(codejudge.EventInviteExpired, "opp-1", "CJ-81519"),
			signal: &inviteSignal{connID, "opp-1", "CJ-81519", "inv-7"}},
		{name: "unknown event", ev: callback("invite.reminded", "opp-1", "CJ-81519"),
			status: http.StatusOK, reason: reasonEventNotHandled},
		{name: "externalId with a slash", ev: callback(codejudge.EventInviteCompleted, "opp-1/CJ-1", "CJ-81519"),
			status: http.StatusBadRequest, reason: reasonMalformed},
		{name: "testId with a space", ev: callback(codejudge.EventInviteCompleted, "opp-1", "CJ 81519"),
			status: http.StatusBadRequest, reason: reasonMalformed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := decideCodejudge(conn, tc.ev)
			if tc.signal != nil {
				if !d.act || d.work != *tc.signal {
					t.Fatalf("decision %+v, want to signal %+v", d, *tc.signal)
				}
				return
			}
			if d.act || d.answer.status != tc.status || d.answer.reason != tc.reason {
				t.Fatalf("decision %+v, want answer %d %s", d, tc.status, tc.reason)
			}
		})
	}
}
