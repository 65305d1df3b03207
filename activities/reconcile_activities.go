package activities

import (
	"context"

	"go.temporal.io/sdk/activity"

	"github.com/cjlever/cjlever/clients/apiclient"
	"github.com/cjlever/cjlever/clients/lever"
)

// ReadReconcileSettings reads what a reconciliation run needs of the
// connection: its trigger stage, and the score bands of its assessments.
func (a *Activities) ReadReconcileSettings(ctx context.Context, connectionID string) (ReconcileSettings, error) {
	settings, err := a.Accounts.ReconcileSettings(ctx, connectionID)
	if err == nil && settings.TriggerStageID == "" {
		return settings, badInput("connection %q has no trigger stage", connectionID)
	}
	return settings, err
}

// ListStagePage reads one page of the active opportunities in a stage, each
// with its tags and, when none of its own names a test, its posting's
// (cached: see postingTTL), so that the workflow can tell which still await
// an assessment. One page per call keeps a long list within the account's
// rate limit, one activity at a time on the connection's Lever queue.
func (a *Activities) ListStagePage(ctx context.Context, in StagePageInput) (StagePage, error) {
	api, _, err := a.Accounts.Lever(ctx, in.ConnectionID)
	if err != nil {
		return StagePage{}, err
	}
	page, err := api.ListActiveInStage(ctx, in.StageID, in.Next)
	if err != nil {
		return StagePage{}, apiFailure(ctx, "listing the opportunities in the trigger stage", err)
	}
	out := StagePage{Next: page.Next}
	for _, opp := range page.Opportunities {
		item := StageOpportunity{OpportunityID: opp.ID, Tags: opp.Tags}
		if !hasTestTag(opp.Tags) {
			if item.PostingTags, err = a.postingTags(ctx, api, in.ConnectionID, opp); err != nil {
				return StagePage{}, err
			}
		}
		out.Opportunities = append(out.Opportunities, item)
	}
	return out, nil
}

// postingTags are the tags of the opportunity's posting; none when it has no
// posting or the posting is gone.
func (a *Activities) postingTags(ctx context.Context, api LeverAPI, connectionID string, opp lever.Opportunity) ([]string, error) {
	postingID := firstPosting(opp.Applications)
	if postingID == "" {
		return nil, nil
	}
	posting, err := a.postings.get(ctx, api, connectionID, postingID)
	if apiclient.IsNotFound(err) {
		activity.GetLogger(ctx).Warn("an opportunity's posting no longer exists", "postingId", postingID)
		return nil, nil
	}
	if err != nil {
		return nil, apiFailure(ctx, "reading the job posting from Lever", err)
	}
	return posting.Tags, nil
}

// firstPosting is the posting of the first application that names one.
func firstPosting(apps []lever.Application) string {
	for _, app := range apps {
		if app.Posting != "" {
			return app.Posting
		}
	}
	return ""
}
