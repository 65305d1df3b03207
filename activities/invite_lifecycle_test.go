package activities

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// invite sends the harness's candidate an invite to CJ-81519.
func (h *harness) invite(t *testing.T) GetInviteInput {
	t.Helper()
	v, err := h.env.ExecuteActivity(h.acts.SendInvite, SendInviteInput{OpportunityRef: h.ref, TestID: "CJ-81519",
		IdempotencyKey: "k", Candidate: Candidate{Name: "Ada Lovelace", Email: "ada@example.com"}})
	require.NoError(t, err)
	var inv Invite
	require.NoError(t, v.Get(&inv))
	return GetInviteInput{ConnectionID: h.ref.ConnectionID, InviteID: inv.InviteID}
}

func (h *harness) changeInvite(t *testing.T, activity any, in GetInviteInput) InviteChange {
	t.Helper()
	v, err := h.env.ExecuteActivity(activity, in)
	require.NoError(t, err)
	var change InviteChange
	require.NoError(t, v.Get(&change))
	return change
}

func (h *harness) inviteStatus(t *testing.T, in GetInviteInput) string {
	t.Helper()
	v, err := h.env.ExecuteActivity(h.acts.GetInvite, in)
	require.NoError(t, err)
	var report InviteReport
	require.NoError(t, v.Get(&report))
	return report.Status
}

func TestRemindThenCancelAnOpenInvite(t *testing.T) {
	h := newHarness(t, nil, "ada@example.com")
	inv := h.invite(t)

	require.Equal(t, InviteChange{}, h.changeInvite(t, h.acts.RemindInvite, inv))
	require.Equal(t, 1, h.cj.Reminders(inv.InviteID))

	for range 2 { // a retried cancel is harmless
		require.Equal(t, InviteChange{}, h.changeInvite(t, h.acts.CancelInvite, inv))
	}
	require.Equal(t, InviteStatusCancelled, h.inviteStatus(t, inv))

	// Codejudge's 409 invite_finished is an answer, not a failure.
	require.Equal(t, InviteChange{AlreadyFinished: true}, h.changeInvite(t, h.acts.RemindInvite, inv))
	require.Equal(t, 1, h.cj.Reminders(inv.InviteID))
}

func TestCancelAFinishedInviteSaysSo(t *testing.T) {
	h := newHarness(t, nil, "ada@example.com")
	inv := h.invite(t)
	req, err := http.NewRequest(http.MethodPost, h.cjURL+"/sandbox/invites/"+inv.InviteID+"/complete", strings.NewReader(`{"score":50}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer ck")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusOK, resp.StatusCode)

	require.Equal(t, InviteChange{AlreadyFinished: true}, h.changeInvite(t, h.acts.CancelInvite, inv))
	require.Equal(t, InviteStatusCompleted, h.inviteStatus(t, inv))
}

func TestCancelAnUnknownInviteIsNotFound(t *testing.T) {
	h := newHarness(t, nil, "ada@example.com")
	_, err := h.env.ExecuteActivity(h.acts.CancelInvite, GetInviteInput{ConnectionID: h.ref.ConnectionID, InviteID: "inv_nope"})
	require.ErrorContains(t, err, "cancelling the Codejudge invite")
}

func TestMoveStageMovesTheOpportunity(t *testing.T) {
	h := newHarness(t, nil, "ada@example.com")
	next := h.seed.Stages[len(h.seed.Stages)-1].ID
	for range 2 { // moving again to the same stage is harmless
		_, err := h.env.ExecuteActivity(h.acts.MoveStage, MoveStageInput{OpportunityRef: h.ref, StageID: next})
		require.NoError(t, err)
	}
	opp, err := h.lever.GetOpportunity(context.Background(), h.ref.OpportunityID)
	require.NoError(t, err)
	require.Equal(t, next, opp.Stage)
}
