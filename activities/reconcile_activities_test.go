package activities

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"github.com/cjlever/cjlever/clients/lever"
)

func TestListStagePageReadsTheStageAndOnlyThePostingsItNeeds(t *testing.T) {
	h := newHarness(t, nil, "ada@example.com") // stands outside the stage
	ctx := context.Background()
	create := func(opp lever.NewOpportunity) string {
		t.Helper()
		opp.Stage = h.seed.AssessmentStageID
		created, err := h.lever.CreateOpportunity(ctx, opp, h.seed.UserID)
		require.NoError(t, err)
		return created.ID
	}
	ownTag := create(lever.NewOpportunity{Name: "A", Postings: []string{h.seed.PostingID}})
	postingTag := create(lever.NewOpportunity{Name: "B", Postings: []string{h.seed.PostingID}})
	h.removeTestTag(t, postingTag)
	noPosting := create(lever.NewOpportunity{Name: "C", Tags: []string{"Referral"}})

	v, err := h.env.ExecuteActivity(h.acts.ReadReconcileSettings, "c1")
	require.NoError(t, err)
	var settings ReconcileSettings
	require.NoError(t, v.Get(&settings))
	require.Equal(t, h.seed.AssessmentStageID, settings.TriggerStageID)
	stage := settings.TriggerStageID

	h.calls.take()
	v, err = h.env.ExecuteActivity(h.acts.ListStagePage, StagePageInput{ConnectionID: "c1", StageID: stage})
	require.NoError(t, err)
	var page StagePage
	require.NoError(t, v.Get(&page))
	require.Empty(t, page.Next)
	require.Equal(t, []StageOpportunity{
		{OpportunityID: ownTag, Tags: []string{"CJ-81519"}},
		{OpportunityID: postingTag, Tags: []string{}, PostingTags: []string{"CJ-81519"}},
		{OpportunityID: noPosting, Tags: []string{"Referral"}},
	}, page.Opportunities)
	require.Equal(t, map[string]int{"GET /v1/opportunities": 1, "GET /v1/postings/" + h.seed.PostingID: 1}, h.calls.take(),
		"one list, and the posting of the one opportunity without a test tag")
}

func TestReadReconcileSettingsOfAnUnknownConnectionIsBadInput(t *testing.T) {
	h := newHarness(t, nil)
	_, err := h.env.ExecuteActivity(h.acts.ReadReconcileSettings, "nobody")
	var appErr *temporal.ApplicationError
	require.ErrorAs(t, err, &appErr)
	require.Equal(t, ErrTypeBadInput, appErr.Type())
}
