// Package lever is the client of the part of Lever's REST API (v1) this
// project uses: opportunities, notes, stages, postings, users and webhooks,
// plus the signed webhook envelope that Lever POSTs to us (webhook.go).
//
// It is built on clients/apiclient, so every failure is an *apiclient.Error
// whose Kind says whether to retry. Lever's answers are decoded defensively:
// fields Lever may return either as an id or as an expanded object are
// accepted in both shapes. It knows nothing of Temporal.
package lever

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/cjlever/cjlever/clients/apiclient"
)

// Service names this API in errors and metrics.
const Service = "lever"

// Lever's API base URLs, with the version.
const (
	DefaultBaseURL = "https://api.lever.co/v1"
	SandboxBaseURL = "https://api.sandbox.lever.co/v1"
)

// Lever's documented rate limit per API key: a token bucket of 10 requests per
// second, bursting to 20.
const (
	DefaultRequestsPerSecond = 10
	DefaultBurst             = 20
)

// Config configures a Client for one Lever account. BaseURL defaults to
// DefaultBaseURL (the emulator is e.g. http://localhost:8081/v1). APIKey,
// when set, is sent with HTTP Basic auth (the key as user name, an empty
// password); leave it empty when HTTPClient authenticates (OAuth: an oauth2
// transport adds the bearer token). Zero RequestsPerSecond and Burst take
// Lever's limit.
type Config = apiclient.Config

// leverAPI is what apiclient needs to know of Lever.
var leverAPI = apiclient.API{Service: Service, DefaultBaseURL: DefaultBaseURL,
	RequestsPerSecond: DefaultRequestsPerSecond, Burst: DefaultBurst}

// Client calls Lever for one account: it owns that account's rate limiter and
// circuit breaker. It is safe for concurrent use; make one per account and
// keep it.
type Client struct {
	api *apiclient.Client
}

// New builds a Client. It needs an API key or an HTTPClient that
// authenticates, and a base URL it can parse.
func New(cfg Config) (*Client, error) {
	if cfg.APIKey == "" && cfg.HTTPClient == nil {
		return nil, fmt.Errorf("%s: an API key or an authenticating HTTP client is required", Service)
	}
	var authorize func(*http.Request)
	if apiKey := cfg.APIKey; apiKey != "" {
		authorize = func(r *http.Request) { r.SetBasicAuth(apiKey, "") }
	}
	api, err := apiclient.New(cfg.Options(leverAPI, authorize))
	if err != nil {
		return nil, err
	}
	return &Client{api: api}, nil
}

// dataEnvelope is the {"data": ...} wrapper of every single-object answer.
type dataEnvelope[T any] struct {
	Data T `json:"data"`
}

// get sends call and unwraps the data envelope into a T.
func get[T any](ctx context.Context, c *Client, call apiclient.Call) (T, error) {
	var env dataEnvelope[T]
	err := c.api.Do(ctx, call, &env)
	return env.Data, err
}

// escapeID path-escapes an id for a URL path. An id that would address
// another resource is refused before it reaches a URL: "" (GET
// /opportunities/ is the list), and "." and ".." (dot segments, which
// servers and proxies resolve, so /opportunities/../webhooks would leave the
// opportunity).
func escapeID(op, id string) (string, error) {
	if id == "" || id == "." || id == ".." {
		return "", &apiclient.Error{Service: Service, Op: op, Kind: apiclient.KindPermanent,
			Message: fmt.Sprintf("invalid id %q: it would address another resource", id)}
	}
	return url.PathEscape(id), nil
}

// performAsQuery carries the user Lever attributes the change to; Lever
// attributes it to the API key's owner when it is absent.
func performAsQuery(performAs string) url.Values {
	q := url.Values{}
	if performAs != "" {
		q.Set("perform_as", performAs)
	}
	return q
}
