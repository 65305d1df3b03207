package activities

import "time"

// The activities' inputs and outputs. Workflows pass and receive them through
// Temporal's JSON converter, and recorded histories hold them: renaming a
// field breaks replay of running workflows.

// Application error types the activities return. The permanent ones are
// non-retryable; the workflow turns them into a CJ Error tag and a note.
const (
	ErrTypeNotFound    = "NotFound"    // the opportunity, posting, test or invite does not exist
	ErrTypePermanent   = "Permanent"   // any other 4xx: bad request, auth, permissions
	ErrTypeBadInput    = "BadInput"    // our own input is unusable (unknown connection, no email)
	ErrTypeTransient   = "Transient"   // timeouts, 5xx, 408: retried
	ErrTypeRateLimited = "RateLimited" // 429: retried after the server's delay
	ErrTypeBreakerOpen = "BreakerOpen" // circuit open: retried after the breaker's delay
)

// OpportunityRef names one opportunity on one connection.
type OpportunityRef struct {
	ConnectionID  string
	OpportunityID string
}

// Opportunity is what the workflow needs to know of a Lever opportunity.
type Opportunity struct {
	Name string
	// Email is the candidate's first email address, for the invite. Histories
	// recorded before it was read here lack it (SendInvite then reads Lever).
	Email    string
	HasEmail bool
	StageID  string
	// StageChanges is when the opportunity entered which stage, oldest first.
	StageChanges []StageChange
	// Archived: Lever has archived the opportunity (hired, rejected...).
	Archived    bool
	Tags        []string
	PostingID   string
	PostingName string
	PostingTags []string
}

// StageChange is one move of an opportunity into a stage.
type StageChange struct {
	StageID string
	At      time.Time
}

// SendInviteInput asks Codejudge to invite the opportunity's candidate.
type SendInviteInput struct {
	OpportunityRef
	TestID string
	// IdempotencyKey names the invite (connection, opportunity, test), so a
	// retried activity or a new run never invites the candidate twice.
	IdempotencyKey string
	// Candidate is whom to invite, as ReadOpportunity found them. Empty in
	// runs started before it was passed: SendInvite then reads Lever.
	Candidate Candidate
}

// Candidate is the person Codejudge invites.
type Candidate struct {
	Name  string
	Email string
}

// Invite is Codejudge's answer to an invite request.
type Invite struct {
	InviteID  string
	TestID    string
	TestName  string
	Status    string
	InvitedAt time.Time
	ExpiresAt time.Time
	// AlreadyInvited: Codejudge refused because the candidate already had an
	// invite to this test; the fields above describe that earlier invite.
	AlreadyInvited bool
	// Adopted: the invite was made for this opportunity by an earlier run,
	// which may have noted it already.
	Adopted bool
}

// TagInput adds tags to (or removes them from) an opportunity.
type TagInput struct {
	OpportunityRef
	Tags []string
}

// NoteInput adds a note to an opportunity.
type NoteInput struct {
	OpportunityRef
	Text string
	// MayExist: an earlier run of the assessment may have written this very
	// note, so AddNote looks before it writes.
	MayExist bool
}

// LinkInput adds a link to an opportunity.
type LinkInput struct {
	OpportunityRef
	URL string
}

// MoveStageInput moves an opportunity to a stage.
type MoveStageInput struct {
	OpportunityRef
	StageID string
}

// GetInviteInput names one invite: to read it (GetInvite) or to change it
// (CancelInvite, RemindInvite).
type GetInviteInput struct {
	ConnectionID string
	InviteID     string
}

// Codejudge invite statuses the workflow acts on.
const (
	InviteStatusInvited   = "invited"
	InviteStatusCompleted = "completed"
	InviteStatusExpired   = "expired"
	InviteStatusCancelled = "cancelled"
)

// InviteReport is an invite's current state, with the result once completed.
type InviteReport struct {
	Status      string
	CompletedAt time.Time
	Result      *Result
}

// Result is a finished test's outcome.
type Result struct {
	Score             float64
	MaxScore          float64
	Percentage        float64
	Sections          []SectionScore
	TimeTaken         time.Duration
	PlagiarismFlagged bool
	PlagiarismDetails string
	ReportURL         string
}

// SectionScore is one section of a result.
type SectionScore struct {
	Name     string
	Score    float64
	MaxScore float64
}
