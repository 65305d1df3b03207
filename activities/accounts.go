package activities

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"go.temporal.io/sdk/temporal"

	"github.com/cjlever/cjlever/clients/apiclient"
	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/config"
)

// ClientOptions are the settings every API client shares.
type ClientOptions struct {
	HTTPClient     *http.Client
	Observe        apiclient.Observer
	OnBreakerState apiclient.BreakerObserver
	// LeverTokens hands out OAuth connections' access tokens; nil when every
	// connection uses an API key.
	LeverTokens LeverTokenIssuer
}

// ConnectionSource is where ConnectionAccounts reads connections: a
// connections.Directory, or a fixed *config.Connections. An unknown id is
// an error that errors.Is config.ErrUnknownConnection.
type ConnectionSource interface {
	Get(ctx context.Context, id string) (config.Connection, error)
}

// ConnectionAccounts builds each connection's clients on first use and keeps
// them while the connection's version stays the same: a client holds its
// account's circuit breaker and rate limiter, which only work if every call
// for that account goes through the same one.
type ConnectionAccounts struct {
	connections ConnectionSource
	gatewayURL  string
	opts        ClientOptions

	mu        sync.Mutex
	lever     map[string]versioned[*lever.Client]
	codejudge map[string]versioned[*codejudge.Client]
	grants    map[string]*grantTokens
}

// versioned is a client built from one version of a connection.
type versioned[T any] struct {
	version int64
	client  T
}

// NewConnectionAccounts serves the given connections; gatewayURL is the
// gateway's public base URL, for Codejudge's callbacks.
func NewConnectionAccounts(connections ConnectionSource, gatewayURL string, opts ClientOptions) *ConnectionAccounts {
	return &ConnectionAccounts{
		connections: connections,
		gatewayURL:  strings.TrimRight(gatewayURL, "/"),
		opts:        opts,
		lever:       map[string]versioned[*lever.Client]{},
		codejudge:   map[string]versioned[*codejudge.Client]{},
		grants:      map[string]*grantTokens{},
	}
}

// connection reads a connection that may be called: not disabled, and not
// waiting for an admin to connect Lever again.
func (ca *ConnectionAccounts) connection(ctx context.Context, id string) (config.Connection, error) {
	c, err := ca.connections.Get(ctx, id)
	switch {
	case errors.Is(err, config.ErrUnknownConnection):
		return c, badInput("connection %q is not configured", id)
	case err != nil:
		return c, temporal.NewApplicationErrorWithCause("reading connection "+id, ErrTypeTransient, err)
	case c.Disabled:
		return c, temporal.NewNonRetryableApplicationError("connection "+id+" is disabled", ErrTypeConnectionDisabled, nil)
	}
	return c, nil
}

// ReconcileSettings implements Accounts.
func (ca *ConnectionAccounts) ReconcileSettings(ctx context.Context, connectionID string) (ReconcileSettings, error) {
	conn, err := ca.connection(ctx, connectionID)
	return ReconcileSettings{TriggerStageID: conn.TriggerStageID, ScoreBands: conn.ScoreBands, PostingScoreBands: conn.PostingScoreBands}, err
}

// Lever implements Accounts. A connection that needs re-authorisation is an
// ErrTypeNeedsReauthorization error: the workflows wait on it.
func (ca *ConnectionAccounts) Lever(ctx context.Context, connectionID string) (LeverAPI, string, error) {
	conn, err := ca.connection(ctx, connectionID)
	if err != nil {
		return nil, "", err
	}
	if conn.Lever.NeedsReauthorization {
		return nil, "", needsReauthorization(connectionID)
	}
	ca.mu.Lock()
	defer ca.mu.Unlock()
	if c, ok := ca.lever[connectionID]; ok && c.version == conn.Version {
		return c.client, conn.PerformAs, nil
	}
	cfg := lever.Config{
		BaseURL:        conn.Lever.BaseURL,
		APIKey:         conn.Lever.APIKey.Reveal(),
		HTTPClient:     ca.opts.HTTPClient,
		Account:        connectionID,
		Observe:        ca.opts.Observe,
		OnBreakerState: ca.opts.OnBreakerState,
	}
	if conn.Lever.OAuth != nil {
		if ca.opts.LeverTokens == nil {
			return nil, "", badInput("connection %q uses OAuth, but this worker has no source of Lever tokens", connectionID)
		}
		cfg.APIKey, cfg.HTTPClient = "", ca.grant(connectionID).authorizing(ca.opts.HTTPClient)
	}
	c, err := lever.New(cfg)
	if err != nil {
		return nil, "", badInput("connection %q: %v", connectionID, err)
	}
	ca.lever[connectionID] = versioned[*lever.Client]{conn.Version, c}
	return c, conn.PerformAs, nil
}

// grant is the connection's token cache, kept across client rebuilds.
// Callers hold ca.mu.
func (ca *ConnectionAccounts) grant(connectionID string) *grantTokens {
	g, ok := ca.grants[connectionID]
	if !ok {
		g = &grantTokens{connectionID: connectionID, issuer: ca.opts.LeverTokens}
		ca.grants[connectionID] = g
	}
	return g
}

// Codejudge implements Accounts.
func (ca *ConnectionAccounts) Codejudge(ctx context.Context, connectionID string) (CodejudgeAPI, error) {
	conn, err := ca.connection(ctx, connectionID)
	if err != nil {
		return nil, err
	}
	ca.mu.Lock()
	defer ca.mu.Unlock()
	if c, ok := ca.codejudge[connectionID]; ok && c.version == conn.Version {
		return c.client, nil
	}
	c, err := codejudge.New(codejudge.Config{
		BaseURL:        conn.Codejudge.BaseURL,
		APIKey:         conn.Codejudge.APIKey.Reveal(),
		HTTPClient:     ca.opts.HTTPClient,
		Account:        connectionID,
		Observe:        ca.opts.Observe,
		OnBreakerState: ca.opts.OnBreakerState,
	})
	if err != nil {
		return nil, badInput("connection %q: %v", connectionID, err)
	}
	ca.codejudge[connectionID] = versioned[*codejudge.Client]{conn.Version, c}
	return c, nil
}

// CallbackURL implements Accounts.
func (ca *ConnectionAccounts) CallbackURL(connectionID string) string {
	return ca.gatewayURL + "/webhooks/codejudge/" + url.PathEscape(connectionID)
}
