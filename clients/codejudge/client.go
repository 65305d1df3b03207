// Package codejudge is the client of the Codejudge API as docs/codejudge-api.md
// defines it: tests, invites, and the signed completion callbacks.
//
// It is built on clients/apiclient, so every failure is an *apiclient.Error
// whose Kind says whether to retry (a 409 already_invited is additionally an
// *AlreadyInvitedError). It knows nothing of Temporal.
package codejudge

import (
	"context"
	"fmt"
	"net/http"

	"github.com/cjlever/cjlever/clients/apiclient"
)

// Service names this API in errors and metrics.
const Service = "codejudge"

// DefaultBaseURL is Codejudge's production API.
const DefaultBaseURL = "https://api.codejudge.io/v1"

// The documented rate limit (docs/codejudge-api.md §1): 10 requests per second
// per organisation, bursts of 20.
const (
	DefaultRequestsPerSecond = 10
	DefaultBurst             = 20
)

// Config configures a Client for one Codejudge organisation. BaseURL
// defaults to DefaultBaseURL (the emulator is e.g.
// http://localhost:8082/v1). APIKey is the organisation's key, sent as a
// bearer token; it is required. Zero RequestsPerSecond and Burst take the
// documented limit.
type Config = apiclient.Config

// codejudgeAPI is what apiclient needs to know of Codejudge.
var codejudgeAPI = apiclient.API{Service: Service, DefaultBaseURL: DefaultBaseURL,
	RequestsPerSecond: DefaultRequestsPerSecond, Burst: DefaultBurst}

// Client calls the Codejudge API for one organisation. It is safe for
// concurrent use.
type Client struct {
	api *apiclient.Client
}

// New builds a Client; it fails without an API key or with a bad base URL.
func New(cfg Config) (*Client, error) {
	if cfg.APIKey == "" {
		return nil, fmt.Errorf("%s: an API key is required", Service)
	}
	apiKey := cfg.APIKey
	api, err := apiclient.New(cfg.Options(codejudgeAPI, func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+apiKey)
	}))
	if err != nil {
		return nil, err
	}
	return &Client{api: api}, nil
}

// dataEnvelope is the {"data": ...} wrapper of every success response.
type dataEnvelope[T any] struct {
	Data T `json:"data"`
}

// do sends call and unwraps the data envelope into a T.
func do[T any](ctx context.Context, c *Client, call apiclient.Call) (T, error) {
	var env dataEnvelope[T]
	err := c.api.Do(ctx, call, &env)
	return env.Data, err
}

// checkID refuses an id the contract does not allow before it reaches a URL:
// ids are at most 64 letters, digits, '-' and '_', so they need no escaping
// and cannot change the path.
func checkID(op, what, id string) error {
	valid := id != "" && len(id) <= 64
	for _, r := range id {
		if !(r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')) {
			valid = false
			break
		}
	}
	if valid {
		return nil
	}
	return &apiclient.Error{Service: Service, Op: op, Kind: apiclient.KindPermanent,
		Message: fmt.Sprintf("invalid %s id %q", what, id)}
}
