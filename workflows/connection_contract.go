package workflows

import (
	"time"

	"github.com/cjlever/cjlever/activities"
)

// The Connection workflow's contract: its updates, query, input and state.
// Secrets travel as plain strings: the payload codec encrypts every payload,
// and config.Secret, which redacts itself in JSON, could not travel at all.

// ConnectionState is where a connection stands with Lever.
type ConnectionState string

const (
	// ConnectionNotConnected: created, Lever not yet connected.
	ConnectionNotConnected ConnectionState = "NotConnected"
	// ConnectionActive: Lever is connected (API key or OAuth grant).
	ConnectionActive ConnectionState = "Active"
	// ConnectionNeedsReauthorization: Lever refused the refresh token; only
	// an admin connecting again can fix it. Assessments wait meanwhile.
	ConnectionNeedsReauthorization ConnectionState = "NeedsReauthorization"
	// ConnectionDisabled: our webhooks are deleted and the tokens forgotten.
	ConnectionDisabled ConnectionState = "Disabled"
)

// Update and query names of the Connection workflow.
const (
	ApplyConnectionUpdate      = "apply"             // ConnectionSettings; create-or-replace
	CreateConnectionUpdate     = "create"            // ConnectionSettings; refused if it exists
	BeginOAuthUpdate           = "begin-oauth"       // BeginOAuthInput
	CompleteOAuthUpdate        = "complete-oauth"    // CompleteOAuthInput
	SaveConnectionUpdate       = "save"              // SaveConnectionInput
	RegisterWebhooksUpdate     = "register-webhooks" // RegisterWebhooksInput
	DisableConnectionUpdate    = "disable"           // no input
	LeverTokenUpdate           = "lever-token"       // LeverTokenRequest -> LeverAccessToken
	ConnectionQuery            = "connection"        // -> ConnectionRecord
	connectionHistoryEventsCap = 2000
)

// Error types of the Connection workflow's updates, so callers can tell
// them apart (errors.As *temporal.ApplicationError, then Type()).
const (
	// ErrTypeNeedsReauthorization: the Lever grant was refused; connect again.
	ErrTypeNeedsReauthorization = activities.ErrTypeNeedsReauthorization
	// ErrTypeConnectionDisabled: the connection is disabled.
	ErrTypeConnectionDisabled = activities.ErrTypeConnectionDisabled
	// ErrTypeConnectionInvalid: a validator refused the update; the message
	// says why in an admin's words. A refused update changes nothing.
	ErrTypeConnectionInvalid = "ConnectionInvalid"
)

// OAuthStateLifetime is how long a begun OAuth consent may take.
const OAuthStateLifetime = 10 * time.Minute

// LeverWebhookEvents are the events cjlever registers webhooks for (and
// `cjlever doctor` checks): a new application and a stage change may start
// an assessment; an archive or a deletion cancels its open invites.
var LeverWebhookEvents = []string{"applicationCreated", "candidateStageChange", "candidateArchiveChange", "candidateDeleted"}

// ConnectionSettings is a connection on the wire: config.Connection with
// plain-string secrets.
type ConnectionSettings struct {
	ID             string
	Environment    string `json:",omitempty"`
	TriggerStageID string
	PerformAs      string
	Lever          LeverSettings
	Codejudge      CodejudgeSettings
	// ScoreBands and PostingScoreBands: as config.Connection's.
	ScoreBands        *ScoreBands           `json:",omitempty"`
	PostingScoreBands map[string]ScoreBands `json:",omitempty"`
}

// LeverSettings is how the connection reaches its Lever account.
type LeverSettings struct {
	BaseURL string
	APIKey  string                  `json:",omitempty"`
	OAuth   *activities.LeverTokens `json:",omitempty"`
	// WebhookTokens: event -> signature token of the webhook delivering it.
	WebhookTokens map[string]string `json:",omitempty"`
	// Webhooks: event -> id of a webhook cjlever registered through the API.
	Webhooks map[string]string `json:",omitempty"`
}

// CodejudgeSettings is how the connection reaches its Codejudge organisation.
type CodejudgeSettings struct {
	BaseURL        string
	APIKey         string
	CallbackSecret string
}

// PendingOAuth is a begun consent: a digest of its state parameter (never
// the state itself), single use, until ExpiresAt.
type PendingOAuth struct {
	StateDigest string
	ExpiresAt   time.Time
}

// ConnectionRecord is the Connection workflow's whole state: its query's
// answer and what it carries into its next run.
type ConnectionRecord struct {
	Settings  ConnectionSettings
	State     ConnectionState
	Stages    []activities.LeverStage `json:",omitempty"`
	Pending   *PendingOAuth           `json:",omitempty"`
	LastError string                  `json:",omitempty"`
	// Version grows with every change but a token refresh, so a holder of
	// clients built from the record knows when to rebuild them.
	Version   int64
	UpdatedAt time.Time
}

// ConnectionInput starts (or continues) a Connection workflow.
type ConnectionInput struct {
	ID string
	// Record is the state carried over by continue-as-new; nil at first.
	Record *ConnectionRecord `json:",omitempty"`
}

// BeginOAuthInput records a consent's state parameter, as a digest.
type BeginOAuthInput struct {
	StateDigest string
}

// CompleteOAuthInput consumes the state and exchanges the code.
type CompleteOAuthInput struct {
	StateDigest string
	Code        string
}

// SaveConnectionInput changes what an admin may change on the settings page;
// only non-empty webhook tokens change.
type SaveConnectionInput struct {
	TriggerStageID string
	PerformAs      string
	WebhookTokens  map[string]string `json:",omitempty"`
}

// RegisterWebhooksInput registers our webhooks for WebhookURL.
type RegisterWebhooksInput struct {
	WebhookURL string
}

// LeverTokenRequest asks for a valid access token. Stale, when set, is a
// token Lever refused: the workflow refreshes unless it already holds another.
type LeverTokenRequest struct {
	Stale string `json:",omitempty"`
}

// LeverAccessToken is a valid access token, when it expires and how long it
// was issued for (zero when unknown).
type LeverAccessToken struct {
	AccessToken string
	Expiry      time.Time
	Lifetime    time.Duration `json:",omitempty"`
}
