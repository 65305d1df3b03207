// Package activities holds the Temporal activities of the CandidateAssessment
// and TestInvitation workflows: methods on a struct that holds the API
// clients, one per connection. They do the I/O; the workflows decide.
package activities

import (
	"context"
	"net/http"

	"go.temporal.io/sdk/client"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/clients/lever"
)

// LeverAPI is the part of the Lever client the activities use.
type LeverAPI interface {
	GetOpportunity(ctx context.Context, id string) (lever.Opportunity, error)
	GetPosting(ctx context.Context, id string) (lever.Posting, error)
	AddTags(ctx context.Context, opportunityID string, tags []string, performAs string) error
	RemoveTags(ctx context.Context, opportunityID string, tags []string, performAs string) error
	AddLinks(ctx context.Context, opportunityID string, links []string, performAs string) error
	AddNote(ctx context.Context, opportunityID, value, performAs string) (string, error)
	ListNotes(ctx context.Context, opportunityID string) ([]lever.Note, error)
	MoveStage(ctx context.Context, opportunityID, stageID, performAs string) error
	ListActiveInStage(ctx context.Context, stageID, next string) (lever.OpportunityPage, error)
}

// CodejudgeAPI is the part of the Codejudge client the activities use.
type CodejudgeAPI interface {
	CreateInvite(ctx context.Context, idempotencyKey string, req codejudge.CreateInviteRequest) (codejudge.Invite, error)
	GetInvite(ctx context.Context, id string) (codejudge.Invite, error)
	CancelInvite(ctx context.Context, id string) (codejudge.Invite, error)
	RemindInvite(ctx context.Context, id string) (codejudge.Invite, error)
}

// Accounts hands out each connection's clients and settings.
type Accounts interface {
	// Lever returns the connection's Lever client and the user to act as.
	Lever(ctx context.Context, connectionID string) (api LeverAPI, performAs string, err error)
	Codejudge(ctx context.Context, connectionID string) (CodejudgeAPI, error)
	// CallbackURL is where Codejudge posts the connection's completions.
	CallbackURL(connectionID string) string
	// TriggerStage is the connection's assessment trigger stage.
	ReconcileSettings(ctx context.Context, connectionID string) (ReconcileSettings, error)
}

// Activities holds the API clients; every exported method is an activity,
// registered under its own name (the worker registers the struct, and the
// workflows name the methods), so no other method may be exported.
type Activities struct {
	Accounts Accounts
	postings postingCache
	// OAuth is the deployment's Lever app; Environments the Lever
	// environments connections may live in, by name (the Connection
	// workflow's activities).
	OAuth        lever.OAuthApp
	Environments map[string]lever.Environment
	// HTTPClient reaches Lever's token endpoints; nil: a default client.
	HTTPClient *http.Client
	// Temporal lists and cancels a disabled connection's assessments.
	Temporal client.Client
	// ClientOptions configure the Lever clients the connection activities
	// build from the credentials they are given.
	ClientOptions ClientOptions
}
