package activities

import "time"

// Inputs and outputs of the Connection workflow's activities. They carry
// credentials as plain strings: Temporal's payload codec encrypts them, and
// they never go to a log.

// ErrTypeNeedsReauthorization is the type of the non-retryable error of an
// activity that met a connection whose Lever grant was refused (invalid_grant)
// and that only an admin can reconnect. The assessment workflows wait on it.
const ErrTypeNeedsReauthorization = "NeedsReauthorization"

// ErrTypeConnectionDisabled is the type of the error of an activity for a
// connection that was disabled.
const ErrTypeConnectionDisabled = "ConnectionDisabled"

// LeverCredentials are what a connection workflow's activity needs to call
// Lever: an API key, or an OAuth access token the workflow made sure is
// fresh.
type LeverCredentials struct {
	BaseURL     string
	APIKey      string
	AccessToken string
}

// LeverTokens are an OAuth grant's tokens.
type LeverTokens struct {
	AccessToken  string
	RefreshToken string
	Expiry       time.Time
	// Lifetime is how long the access token was issued for (Lever's
	// expires_in); zero when unknown, e.g. tokens from a connections file.
	Lifetime time.Duration `json:",omitempty"`
}

// ExchangeCodeInput trades an OAuth code from the redirect for tokens.
type ExchangeCodeInput struct {
	Environment string
	Code        string
}

// RefreshTokenInput trades a refresh token for new tokens.
type RefreshTokenInput struct {
	Environment  string
	RefreshToken string
}

// WakeAssessmentsInput wakes a connection's assessments that wait for it
// to be re-authorised: each workflow Query lists gets Signal.
type WakeAssessmentsInput struct {
	Query  string
	Signal string
}

// LeverStage is one stage of a Lever account's pipeline.
type LeverStage struct {
	ID   string
	Text string
}

// RegisterWebhooksInput registers one webhook per event for URL, after
// deleting the webhooks in Replace (event -> id) that we registered before.
type RegisterWebhooksInput struct {
	Lever   LeverCredentials
	URL     string
	Events  []string
	Replace map[string]string
}

// RegisteredWebhook is a webhook we registered: its id and signature token.
type RegisteredWebhook struct {
	ID    string
	Token string
}

// DeleteWebhooksInput deletes the webhooks we registered (event -> id).
type DeleteWebhooksInput struct {
	Lever LeverCredentials
	IDs   map[string]string
}

// EndAssessmentsInput ends a connection's running assessments: each gets
// Note on its opportunity (best effort) and is then cancelled. Query is the
// visibility query that lists them and each one's workflow id is
// WorkflowIDPrefix + the opportunity id; the workflows own both.
type EndAssessmentsInput struct {
	ConnectionID     string
	Query            string
	WorkflowIDPrefix string
	Note             string
}

// EndedAssessments counts what EndConnectionAssessments did.
type EndedAssessments struct {
	Cancelled int
	Noted     int
}
