package bench

import (
	"context"
	"time"

	"go.temporal.io/sdk/client"
)

// Stack is the running system under test, wired by the caller.
type Stack struct {
	// GatewayURL is the gateway's base URL.
	GatewayURL     string
	ConnectionID   string
	TriggerStageID string
	// WebhookToken is the connection's candidateStageChange signature
	// token: the bench signs its webhooks with it, as Lever does.
	WebhookToken string
	// ReplayWindow and ClockSkew are the gateway's, for the raw baseline's
	// delivery-token claims.
	ReplayWindow, ClockSkew time.Duration
	// Temporal is a client of the server the gateway starts workflows on.
	Temporal  client.Client
	Lever     Lever
	Codejudge Codejudge
	Processes Processes
}

// Lever is the Lever account of the connection, driven through its API as
// a recruiter would.
type Lever interface {
	// CreateCandidate creates an opportunity on a posting with a Codejudge
	// test tag, outside the trigger stage.
	CreateCandidate(ctx context.Context) (string, error)
	// MoveToTrigger moves an opportunity into the trigger stage.
	MoveToTrigger(ctx context.Context, opportunityID string) error
	// Notes are the texts of the opportunity's notes.
	Notes(ctx context.Context, opportunityID string) ([]string, error)
	// Requests are the requests the account has made so far, by
	// "METHOD route", as Lever counted them: the bench's own included.
	Requests() map[string]int
	// OwnRequests are the requests this Lever has made itself so far, by
	// route as Requests names them, to be told from cjlever's.
	OwnRequests() map[string]int
}

// Codejudge is the Codejudge organisation of the connection.
type Codejudge interface {
	// Complete finishes the opportunity's open invites with score, as the
	// candidate would.
	Complete(ctx context.Context, opportunityID string, score int) error
}

// Processes are the gateway and worker processes.
type Processes interface {
	// RSS is the resident memory, in bytes, of the worker and the gateway.
	RSS() (worker, gateway int64, err error)
	// StartWorker starts the worker and returns once it polls Temporal.
	StartWorker(ctx context.Context) error
	// KillWorker kills the worker (SIGKILL) and waits until it has exited.
	KillWorker() error
}
