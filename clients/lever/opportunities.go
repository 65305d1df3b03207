package lever

import (
	"context"
	"net/http"
	"net/url"

	"github.com/cjlever/cjlever/clients/apiclient"
)

// Operation names, stable for errors and metrics.
const (
	opGetOpportunity    = "GET /opportunities/:id"
	opCreateOpportunity = "POST /opportunities"
	opMoveStage         = "PUT /opportunities/:id/stage"
	opArchive           = "PUT /opportunities/:id/archived"
	opAddTags           = "POST /opportunities/:id/addTags"
	opRemoveTags        = "POST /opportunities/:id/removeTags"
	opAddLinks          = "POST /opportunities/:id/addLinks"
)

// GetOpportunity reads one opportunity, with its applications expanded so
// that each carries its posting id. The stage stays an id.
func (c *Client) GetOpportunity(ctx context.Context, id string) (Opportunity, error) {
	eid, err := escapeID(opGetOpportunity, id)
	if err != nil {
		return Opportunity{}, err
	}
	return get[Opportunity](ctx, c, apiclient.Call{
		Method: http.MethodGet, Path: "/opportunities/" + eid, Op: opGetOpportunity,
		Query: url.Values{"expand": {"applications"}}, Idempotent: true,
	})
}

// CreateOpportunity creates an opportunity as the user performAs (Lever
// requires one). It is not retried in-call: a repeat would create a second
// opportunity.
func (c *Client) CreateOpportunity(ctx context.Context, opp NewOpportunity, performAs string) (Opportunity, error) {
	if performAs == "" {
		return Opportunity{}, &apiclient.Error{Service: Service, Op: opCreateOpportunity, Kind: apiclient.KindPermanent,
			Message: "perform_as is required to create an opportunity"}
	}
	return get[Opportunity](ctx, c, apiclient.Call{
		Method: http.MethodPost, Path: "/opportunities", Op: opCreateOpportunity,
		Query: performAsQuery(performAs), Body: opp,
	})
}

// MoveStage moves an opportunity to stageID. Moving it again to the same
// stage changes nothing, so the call is retried in-call.
func (c *Client) MoveStage(ctx context.Context, opportunityID, stageID, performAs string) error {
	eid, err := escapeID(opMoveStage, opportunityID)
	if err != nil {
		return err
	}
	return c.api.Do(ctx, apiclient.Call{
		Method: http.MethodPut, Path: "/opportunities/" + eid + "/stage", Op: opMoveStage,
		Query: performAsQuery(performAs), Body: map[string]string{"stage": stageID}, Idempotent: true,
	}, nil)
}

// Archive archives an opportunity for the given archive reason; Lever then
// sends candidateArchiveChange. Archiving it again changes nothing.
func (c *Client) Archive(ctx context.Context, opportunityID, reasonID, performAs string) error {
	eid, err := escapeID(opArchive, opportunityID)
	if err != nil {
		return err
	}
	return c.api.Do(ctx, apiclient.Call{
		Method: http.MethodPut, Path: "/opportunities/" + eid + "/archived", Op: opArchive,
		Query: performAsQuery(performAs), Body: map[string]string{"reason": reasonID}, Idempotent: true,
	}, nil)
}

// AddTags adds tags to an opportunity; tags it has already are kept once.
func (c *Client) AddTags(ctx context.Context, opportunityID string, tags []string, performAs string) error {
	return c.updateList(ctx, opAddTags, opportunityID, "/addTags", "tags", tags, performAs)
}

// RemoveTags removes tags from an opportunity; tags it does not have are
// ignored.
func (c *Client) RemoveTags(ctx context.Context, opportunityID string, tags []string, performAs string) error {
	return c.updateList(ctx, opRemoveTags, opportunityID, "/removeTags", "tags", tags, performAs)
}

// AddLinks adds links (URLs) to an opportunity.
func (c *Client) AddLinks(ctx context.Context, opportunityID string, links []string, performAs string) error {
	return c.updateList(ctx, opAddLinks, opportunityID, "/addLinks", "links", links, performAs)
}

// updateList posts {field: values} to one of the set-like endpoints. Adding
// the same values twice ends in the same state, so these calls are retried
// in-call. No values is no call.
func (c *Client) updateList(ctx context.Context, op, opportunityID, suffix, field string, values []string, performAs string) error {
	eid, err := escapeID(op, opportunityID)
	if err != nil {
		return err
	}
	if len(values) == 0 {
		return nil
	}
	return c.api.Do(ctx, apiclient.Call{
		Method: http.MethodPost, Path: "/opportunities/" + eid + suffix, Op: op,
		Query: performAsQuery(performAs), Body: map[string][]string{field: values}, Idempotent: true,
	}, nil)
}
