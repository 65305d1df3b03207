package admin

import (
	"context"
	"errors"
	"time"
)

// This file mirrors the connections package's Directory API of issue 6 until
// that package lands. At the merge these declarations become aliases of
// connections' (and workflows') names; nothing else in this package names
// them any other way, so the switch touches this file only.

// Store is what the settings page needs of the connections directory:
// exactly the Directory's read and write methods.
type Store interface {
	List(ctx context.Context) ([]View, error)
	View(ctx context.Context, id string) (View, error)
	Create(ctx context.Context, c NewConnection) error
	BeginOAuth(ctx context.Context, id, state string) (authorizeURL string, err error)
	CompleteOAuth(ctx context.Context, id, state, code string) error
	Save(ctx context.Context, id string, s Settings) error
	RegisterWebhooks(ctx context.Context, id, webhookURL string) error
	Disable(ctx context.Context, id string) error
}

// Errors a Store returns, matched with errors.Is.
var (
	// ErrNotFound: no such connection.
	ErrNotFound = errors.New("no such connection")
	// ErrInvalid: the change was refused; err.Error() is a message a person
	// can read.
	ErrInvalid = errors.New("invalid change")
)

// ConnectionState is where a connection stands with Lever.
type ConnectionState string

// The states of a connection.
const (
	StateNotConnected         ConnectionState = "NotConnected"
	StateActive               ConnectionState = "Active"
	StateNeedsReauthorization ConnectionState = "NeedsReauthorization"
	StateDisabled             ConnectionState = "Disabled"
)

// Stage is one of the Lever account's pipeline stages.
type Stage struct{ ID, Text string }

// View is what the page shows of a connection: no secrets.
type View struct {
	ID, Environment, TriggerStageID, PerformAs string
	State                                      ConnectionState
	Auth                                       string // "oauth", "api-key" or "" (not connected)
	Stages                                     []Stage
	WebhookEvents                              []string // Lever events that have a signature token
	RegisteredWebhooks                         []string // events whose webhook cjlever registered
	LastError                                  string
	UpdatedAt                                  time.Time
}

// NewConnection is the "Add connection" form.
type NewConnection struct {
	ID, Environment, PerformAs, CodejudgeAPIKey, CodejudgeCallbackSecret string
}

// Settings is the connection page's form; only non-empty WebhookTokens
// values change.
type Settings struct {
	TriggerStageID, PerformAs string
	WebhookTokens             map[string]string
}
