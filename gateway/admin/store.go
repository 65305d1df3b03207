package admin

import (
	"context"

	"github.com/cjlever/cjlever/connections"
	"github.com/cjlever/cjlever/workflows"
)

// The connection types the page works with are the connections package's;
// the rest of this package names them through this file.

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

// Errors a Store returns, matched with errors.Is: ErrNotFound, no such
// connection; ErrInvalid, the change was refused, and err.Error() is a
// message a person can read.
var (
	ErrNotFound = connections.ErrNotFound
	ErrInvalid  = connections.ErrInvalid
)

// ConnectionState is where a connection stands with Lever.
type ConnectionState = workflows.ConnectionState

// The states of a connection.
const (
	StateNotConnected         = workflows.ConnectionNotConnected
	StateActive               = workflows.ConnectionActive
	StateNeedsReauthorization = workflows.ConnectionNeedsReauthorization
	StateDisabled             = workflows.ConnectionDisabled
)

// The connection's types, as the connections package has them.
type (
	Stage         = connections.Stage
	View          = connections.View
	NewConnection = connections.NewConnection
	Settings      = connections.Settings
)
