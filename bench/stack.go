package bench

import (
	"context"
	"time"

	"go.temporal.io/sdk/client"
)

// Stack is the running system under test, wired by the caller.
type Stack struct {
	// GatewayURL is the gateway's base URL.
	GatewayURL string
	// ConnectionID is the connection ingest's webhooks name, of an account
	// of its own: the Lever reads of its unknown opportunities queue on
	// that connection's Lever queue, not on Lever's.
	ConnectionID   string
	TriggerStageID string
	// WebhookToken is the connection's candidateStageChange signature
	// token: the bench signs its webhooks with it, as Lever does.
	WebhookToken string
	// ReplayWindow and ClockSkew are the gateway's, for the raw baseline's
	// delivery-token claims.
	ReplayWindow, ClockSkew time.Duration
	// Temporal is a client of the server the gateway starts workflows on.
	Temporal client.Client
	// Lever is the account of the end-to-end part.
	Lever Lever
	// Bulk are further accounts, each its own connection, that send cjlever
	// only candidateStageChange (no applicationCreated, so creating their
	// candidates costs no Lever call): the bulk move runs on the first.
	Bulk []Lever
	// Memory are accounts like Bulk's that the memory part spreads its
	// waiting candidates over: one account's Lever limit (3 calls an invite
	// at 9.5 a second) would take over an hour to bring 10,000 to wait.
	Memory    []Lever
	Codejudge Codejudge
	Processes Processes
}

// Note is a Lever note as read back.
type Note struct {
	Text    string
	Created time.Time
}

// Lever is the Lever account of a connection, driven through its API as a
// recruiter would, with a key of its own that Lever's rate limit does not
// meter: the bench's requests neither spend cjlever's budget nor count as
// cjlever's.
type Lever interface {
	// CreateCandidate creates an opportunity on a posting with a Codejudge
	// test tag, outside the trigger stage.
	CreateCandidate(ctx context.Context) (string, error)
	// MoveToTrigger moves an opportunity into the trigger stage.
	MoveToTrigger(ctx context.Context, opportunityID string) error
	// Notes are the opportunity's notes.
	Notes(ctx context.Context, opportunityID string) ([]Note, error)
	// Requests are the requests cjlever has made to the account so far, by
	// "METHOD route", as Lever counted them.
	Requests() map[string]int
	// Throttled is how many of cjlever's requests Lever has refused with
	// 429 so far.
	Throttled() int64
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
	// AddWorker starts another worker process and returns once it polls;
	// stop ends it as an orchestrator would (SIGTERM) and waits.
	AddWorker(ctx context.Context) (stop func(), err error)
	// KillWorker kills the worker (SIGKILL) and waits until it has exited.
	KillWorker() error
}
