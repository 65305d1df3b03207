// Package doctor checks that a connection is set up so that assessments
// work: its Lever credentials, trigger stage, webhooks and posting tags,
// and its Codejudge key. Each finding says what is wrong and how to fix it.
//
// It reads the accounts through small interfaces (the clients satisfy them)
// and never writes; `cjlever doctor` wires it to the deployment's
// connections. The calls are few (stages, users, webhooks, postings and
// tests: one paginated list each), as every Lever call counts against the
// account's rate limit.
package doctor

import (
	"context"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/clients/lever"
)

// LeverAPI is what the doctor reads of a Lever account.
type LeverAPI interface {
	ListStages(ctx context.Context) ([]lever.Stage, error)
	ListUsers(ctx context.Context) ([]lever.User, error)
	ListWebhooks(ctx context.Context) ([]lever.Webhook, error)
	ListPostings(ctx context.Context) ([]lever.Posting, error)
}

// CodejudgeAPI is what the doctor reads of a Codejudge organisation.
type CodejudgeAPI interface {
	ListTests(ctx context.Context) ([]codejudge.Test, error)
}

// Connection is one connection to check, with clients built from its own
// credentials.
type Connection struct {
	ID             string
	TriggerStageID string
	PerformAs      string
	// OAuth: Lever was connected on the settings page; otherwise the
	// connection reaches Lever with an API key from the connections file.
	OAuth bool
	// NeedsReauthorization: Lever refused the connection's grant.
	NeedsReauthorization bool
	// WebhookURL is where Lever must send this connection's webhooks.
	WebhookURL string
	// SettingsURL is the connection's settings page, named in fixes.
	SettingsURL string
	// Lever reads the account; nil when it cannot be called (LeverErr says
	// why: not connected, no access token) or the connection needs
	// re-authorisation.
	Lever    LeverAPI
	LeverErr error
	// Codejudge reads the organisation; nil when it cannot be called
	// (CodejudgeErr says why).
	Codejudge    CodejudgeAPI
	CodejudgeErr error
}

// Check runs every check on c, in the order a person would fix them.
func Check(ctx context.Context, c Connection) Report {
	r := Report{ConnectionID: c.ID}
	facts := checkLever(ctx, c, &r)
	checkCodejudge(ctx, c, facts.testTags, &r)
	r.add(note("Codejudge callback secret",
		"cannot be verified from here (only Codejudge's signed callbacks prove it)",
		"if results never arrive, compare the connection's codejudge.callbackSecret with the one in Codejudge's settings; the gateway logs each callback it refuses, with reason bad_signature"))
	return r
}
