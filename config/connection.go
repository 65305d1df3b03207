package config

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
)

// Connection is one Lever account linked to one Codejudge organisation. Its id
// is in the webhook URLs (/webhooks/lever/:connection) and in every workflow
// input.
type Connection struct {
	ID string `json:"id"`
	// TriggerStageID is the Lever stage that sends the assessment.
	TriggerStageID string `json:"triggerStageId"`
	// PerformAs is the Lever user id that notes and tags are written as.
	PerformAs string           `json:"performAs"`
	Lever     LeverAccount     `json:"lever"`
	Codejudge CodejudgeAccount `json:"codejudge"`
	// ScoreBands act on every result of the connection's assessments, unless
	// PostingScoreBands (by Lever posting id) has the posting's own.
	ScoreBands        *ScoreBands           `json:"scoreBands,omitempty"`
	PostingScoreBands map[string]ScoreBands `json:"postingScoreBands,omitempty"`
	// Version grows with every change to a connection kept in Temporal, so
	// a holder of clients built from it knows when to rebuild them; 0 for a
	// connection that never changes (a test's).
	Version int64 `json:"-"`
	// Disabled: the connection was disabled; nothing may call its APIs.
	Disabled bool `json:"-"`
}

// LeverAccount is how we reach one Lever account and check its webhooks.
// An account is reached with an API key (connections file) or an OAuth
// grant (connected on the settings page).
type LeverAccount struct {
	// Environment names the Lever environment of an OAuth connection
	// (production, sandbox, ...); empty for an API-key connection.
	Environment string `json:"environment,omitempty"`
	BaseURL     string `json:"baseUrl"`
	APIKey      Secret `json:"apiKey"`
	// OAuth is the grant of an OAuth connection.
	OAuth *LeverOAuth `json:"oauth,omitempty"`
	// NeedsReauthorization: Lever refused the grant; an admin must connect
	// again before any call can succeed.
	NeedsReauthorization bool `json:"-"`
	// WebhookTokens maps a Lever event name to the signature token of the
	// webhook that delivers it: each Lever webhook has its own.
	WebhookTokens map[string]Secret `json:"webhookTokens"`
	// Webhooks maps a Lever event name to the id of the webhook cjlever
	// registered for it through Lever's API.
	Webhooks map[string]string `json:"webhooks,omitempty"`
}

// LeverOAuth is an OAuth grant's tokens. The access token is refreshed by
// the connection's workflow; read it through the Directory's LeverToken.
type LeverOAuth struct {
	AccessToken  Secret    `json:"accessToken"`
	RefreshToken Secret    `json:"refreshToken"`
	Expiry       time.Time `json:"expiry"`
}

// CodejudgeAccount is how we reach one Codejudge organisation.
type CodejudgeAccount struct {
	BaseURL string `json:"baseUrl"`
	APIKey  Secret `json:"apiKey"`
	// CallbackSecret signs Codejudge's completion callbacks.
	CallbackSecret Secret `json:"callbackSecret"`
}

// ValidateID checks the id alone: it goes into URLs and workflow ids.
func (c Connection) ValidateID() error {
	switch {
	case c.ID == "":
		return fmt.Errorf("connection: id is required")
	case !validID(c.ID):
		return fmt.Errorf("connection %q: id may hold only letters, digits, '-' and '_'", c.ID)
	}
	return nil
}

// Validate names the first missing or malformed field.
func (c Connection) Validate() error {
	if err := c.ValidateID(); err != nil {
		return err
	}
	switch {
	case c.TriggerStageID == "":
		return fmt.Errorf("connection %q: triggerStageId is required", c.ID)
	case c.Lever.BaseURL == "":
		return fmt.Errorf("connection %q: lever.baseUrl is required", c.ID)
	case !c.Lever.APIKey.IsSet():
		return fmt.Errorf("connection %q: lever.apiKey is required", c.ID)
	case len(c.Lever.WebhookTokens) == 0:
		return fmt.Errorf("connection %q: lever.webhookTokens needs the signature token of each Lever webhook", c.ID)
	case c.Codejudge.BaseURL == "":
		return fmt.Errorf("connection %q: codejudge.baseUrl is required", c.ID)
	case !c.Codejudge.APIKey.IsSet():
		return fmt.Errorf("connection %q: codejudge.apiKey is required", c.ID)
	case !c.Codejudge.CallbackSecret.IsSet():
		return fmt.Errorf("connection %q: codejudge.callbackSecret is required", c.ID)
	}
	return c.validateScoreBands()
}

func validID(id string) bool {
	for _, r := range id {
		ok := r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
		if !ok {
			return false
		}
	}
	return len(id) <= 64
}

// Connections is a read-only set of connections, looked up by id. Gateway and
// activities take it as their source of accounts.
type Connections struct {
	byID map[string]Connection
}

// NewConnections validates each connection and refuses duplicate ids.
func NewConnections(list ...Connection) (*Connections, error) {
	byID := make(map[string]Connection, len(list))
	for _, c := range list {
		if err := c.Validate(); err != nil {
			return nil, err
		}
		if _, dup := byID[c.ID]; dup {
			return nil, fmt.Errorf("connection %q is configured twice", c.ID)
		}
		byID[c.ID] = c
	}
	return &Connections{byID: byID}, nil
}

// ErrUnknownConnection is the error of looking up an id that names no
// connection (errors.Is).
var ErrUnknownConnection = errors.New("no such connection")

// Get returns the connection with that id, or an error that
// errors.Is ErrUnknownConnection. Its signature is a connection source's,
// which a connections.Directory also is.
func (cs *Connections) Get(_ context.Context, id string) (Connection, error) {
	c, ok := cs.byID[id]
	if !ok {
		return Connection{}, fmt.Errorf("connection %q: %w", id, ErrUnknownConnection)
	}
	return c, nil
}

// IDs lists the connection ids in order.
func (cs *Connections) IDs() []string {
	ids := make([]string, 0, len(cs.byID))
	for id := range cs.byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
