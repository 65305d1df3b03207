package lever

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/cjlever/cjlever/clients/apiclient"
)

const opListOpportunities = "GET /opportunities"

// OpportunityPage is one page of a list of opportunities. Next is the token
// of the following page; empty on the last.
type OpportunityPage struct {
	Opportunities []Opportunity
	Next          string
}

// ListActiveInStage reads one page of the active (not archived)
// opportunities that stand in stageID, with their applications expanded so
// that each carries its posting id. next is "" for the first page, else the
// Next of the page before. One page is one request, so a caller that spreads
// pages over time (a workflow, one activity per page) keeps each under the
// account's rate limit and can resume where it stopped.
func (c *Client) ListActiveInStage(ctx context.Context, stageID, next string) (OpportunityPage, error) {
	q := url.Values{
		"stage_id": {stageID}, "archived": {"false"}, "expand": {"applications"},
		"limit": {strconv.Itoa(pageLimit)},
	}
	if next != "" {
		q.Set("offset", offsetParam(next))
	}
	var page listEnvelope[Opportunity]
	err := c.api.Do(ctx, apiclient.Call{
		Method: http.MethodGet, Path: "/opportunities", Op: opListOpportunities, Query: q, Idempotent: true,
	}, &page)
	if err != nil {
		return OpportunityPage{}, err
	}
	out := OpportunityPage{Opportunities: page.Data}
	if page.HasNext && page.Next != next {
		out.Next = page.Next
	}
	return out, nil
}
