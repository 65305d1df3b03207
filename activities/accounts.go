package activities

import (
	"net/http"
	"net/url"
	"strings"
	"sync"

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
}

// ConnectionAccounts builds each connection's clients on first use and keeps
// them: a client holds its account's circuit breaker and rate limiter, which
// only work if every call for that account goes through the same one.
type ConnectionAccounts struct {
	connections *config.Connections
	gatewayURL  string
	opts        ClientOptions

	mu        sync.Mutex
	lever     map[string]*lever.Client
	codejudge map[string]*codejudge.Client
}

// NewConnectionAccounts serves the given connections; gatewayURL is the
// gateway's public base URL, for Codejudge's callbacks.
func NewConnectionAccounts(connections *config.Connections, gatewayURL string, opts ClientOptions) *ConnectionAccounts {
	return &ConnectionAccounts{
		connections: connections,
		gatewayURL:  strings.TrimRight(gatewayURL, "/"),
		opts:        opts,
		lever:       map[string]*lever.Client{},
		codejudge:   map[string]*codejudge.Client{},
	}
}

func (ca *ConnectionAccounts) connection(id string) (config.Connection, error) {
	c, ok := ca.connections.Get(id)
	if !ok {
		return config.Connection{}, badInput("connection %q is not configured", id)
	}
	return c, nil
}

// Lever implements Accounts.
func (ca *ConnectionAccounts) Lever(connectionID string) (LeverAPI, string, error) {
	conn, err := ca.connection(connectionID)
	if err != nil {
		return nil, "", err
	}
	ca.mu.Lock()
	defer ca.mu.Unlock()
	if c, ok := ca.lever[connectionID]; ok {
		return c, conn.PerformAs, nil
	}
	c, err := lever.New(lever.Config{
		BaseURL:        conn.Lever.BaseURL,
		APIKey:         conn.Lever.APIKey.Reveal(),
		HTTPClient:     ca.opts.HTTPClient,
		Account:        connectionID,
		Observe:        ca.opts.Observe,
		OnBreakerState: ca.opts.OnBreakerState,
	})
	if err != nil {
		return nil, "", badInput("connection %q: %v", connectionID, err)
	}
	ca.lever[connectionID] = c
	return c, conn.PerformAs, nil
}

// Codejudge implements Accounts.
func (ca *ConnectionAccounts) Codejudge(connectionID string) (CodejudgeAPI, error) {
	conn, err := ca.connection(connectionID)
	if err != nil {
		return nil, err
	}
	ca.mu.Lock()
	defer ca.mu.Unlock()
	if c, ok := ca.codejudge[connectionID]; ok {
		return c, nil
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
	ca.codejudge[connectionID] = c
	return c, nil
}

// CallbackURL implements Accounts.
func (ca *ConnectionAccounts) CallbackURL(connectionID string) string {
	return ca.gatewayURL + "/webhooks/codejudge/" + url.PathEscape(connectionID)
}
