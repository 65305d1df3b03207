package lever

import (
	"context"
	"net/http"

	"github.com/cjlever/cjlever/clients/apiclient"
)

const (
	opGetPosting   = "GET /postings/:id"
	opListPostings = "GET /postings"
	opListStages   = "GET /stages"
	opListUsers    = "GET /users"
)

// GetPosting reads one posting, e.g. for the Codejudge test tags on it.
func (c *Client) GetPosting(ctx context.Context, id string) (Posting, error) {
	eid, err := escapeID(opGetPosting, id)
	if err != nil {
		return Posting{}, err
	}
	return get[Posting](ctx, c, apiclient.Call{
		Method: http.MethodGet, Path: "/postings/" + eid, Op: opGetPosting, Idempotent: true,
	})
}

// ListPostings lists every posting, following pages.
func (c *Client) ListPostings(ctx context.Context) ([]Posting, error) {
	return listAll[Posting](ctx, c, apiclient.Call{
		Method: http.MethodGet, Path: "/postings", Op: opListPostings, Idempotent: true,
	})
}

// ListStages lists the account's pipeline stages in pipeline order.
func (c *Client) ListStages(ctx context.Context) ([]Stage, error) {
	return listAll[Stage](ctx, c, apiclient.Call{
		Method: http.MethodGet, Path: "/stages", Op: opListStages, Idempotent: true,
	})
}

// ListUsers lists the account's users, e.g. to choose one to perform_as.
func (c *Client) ListUsers(ctx context.Context) ([]User, error) {
	return listAll[User](ctx, c, apiclient.Call{
		Method: http.MethodGet, Path: "/users", Op: opListUsers, Idempotent: true,
	})
}
