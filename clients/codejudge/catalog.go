package codejudge

import (
	"context"
	"net/http"

	"github.com/cjlever/cjlever/clients/apiclient"
)

// Operation names, stable for errors and metrics.
const (
	opListTests = "GET /tests"
	opGetTest   = "GET /tests/:id"
)

// ListTests lists the organisation's tests.
func (c *Client) ListTests(ctx context.Context) ([]Test, error) {
	return do[[]Test](ctx, c, apiclient.Call{
		Method: http.MethodGet, Path: "/tests", Op: opListTests, Idempotent: true,
	})
}

// GetTest reads one test; an unknown id is an apiclient.KindNotFound error.
// Test ids are case-insensitive; the answer carries the canonical form.
func (c *Client) GetTest(ctx context.Context, id string) (Test, error) {
	if err := checkID(opGetTest, "test", id); err != nil {
		return Test{}, err
	}
	return do[Test](ctx, c, apiclient.Call{
		Method: http.MethodGet, Path: "/tests/" + id, Op: opGetTest, Idempotent: true,
	})
}
