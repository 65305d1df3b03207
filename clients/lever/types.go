package lever

import "log/slog"

// Opportunity is a candidate's journey towards one or more postings: Lever's
// unit of the pipeline, and what webhooks and workflows name.
//
// Decoding accepts the shapes Lever may send (see UnmarshalJSON); encoding
// writes the plain ones.
type Opportunity struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Contact is the person's id across opportunities (a webhook's contactId).
	Contact string   `json:"contact,omitempty"`
	Emails  []string `json:"emails"`
	Tags    []string `json:"tags"`
	// Stage is the stage id; not always a UUID (e.g. "lead-new").
	Stage        string        `json:"stage"`
	Applications []Application `json:"applications"`
	// StageChanges is the opportunity's stage history, oldest first.
	StageChanges []StageChange `json:"stageChanges"`
	// Archived is nil while the opportunity is active.
	Archived  *Archived `json:"archived"`
	Links     []string  `json:"links"`
	CreatedAt int64     `json:"createdAt"` // Unix milliseconds
	UpdatedAt int64     `json:"updatedAt"` // Unix milliseconds
}

// LogValue logs what identifies an opportunity and nothing personal: a
// candidate's name and emails must not leak through a log line.
func (o Opportunity) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", o.ID), slog.String("stage", o.Stage))
}

// Application ties an opportunity to a posting. Without expand=applications
// Lever sends only ids, so Posting is empty.
type Application struct {
	ID      string `json:"id"`
	Posting string `json:"posting,omitempty"` // posting id
}

// StageChange is one move of an opportunity into a stage.
type StageChange struct {
	ToStageID string `json:"toStageId"`
	UpdatedAt int64  `json:"updatedAt"` // Unix milliseconds
}

// Archived says when and why an opportunity was archived.
type Archived struct {
	ArchivedAt int64  `json:"archivedAt"` // Unix milliseconds
	Reason     string `json:"reason"`     // archive reason id
}

// Posting is a job posting. Recruiters tag postings with Codejudge test ids;
// opportunities on the posting inherit its tags.
type Posting struct {
	ID    string   `json:"id"`
	Text  string   `json:"text"`  // the title, e.g. "Backend Engineer"
	State string   `json:"state"` // published, internal, closed, draft, pending, rejected
	Tags  []string `json:"tags"`
}

// Stage is a pipeline stage.
type Stage struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// User is a Lever user; changes are made as one (perform_as).
type User struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Email      string `json:"email"`
	AccessRole string `json:"accessRole"` // super admin, admin, team member, limited team member, interviewer
}

// Note is a note on an opportunity.
type Note struct {
	ID string `json:"id"`
	// Value is the note's text. Lever's read shape is not settled (a
	// top-level value, text fields, or text): see UnmarshalJSON.
	Value       string `json:"value"`
	User        string `json:"user,omitempty"` // author's user id
	Secret      bool   `json:"secret,omitempty"`
	CreatedAt   int64  `json:"createdAt"`             // Unix milliseconds
	CompletedAt int64  `json:"completedAt,omitempty"` // Unix milliseconds
}

// Webhook is a registered webhook: Lever POSTs Event to URL, signed with
// SignatureToken.
type Webhook struct {
	ID    string `json:"id"`
	URL   string `json:"url"`
	Event string `json:"event"`
	// SignatureToken keys the HMAC of each delivery (WebhookSignature). It
	// is a secret. Lever may leave it out of list answers.
	SignatureToken string `json:"signatureToken,omitempty"`
}

// LogValue keeps the signature token out of logs.
func (w Webhook) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", w.ID), slog.String("event", w.Event), slog.String("url", w.URL))
}

// NewOpportunity is the body of POST /opportunities.
type NewOpportunity struct {
	Name   string   `json:"name,omitempty"`
	Emails []string `json:"emails,omitempty"`
	Tags   []string `json:"tags,omitempty"`
	// Postings: one application is made per posting, and the opportunity
	// inherits each posting's tags.
	Postings []string `json:"postings,omitempty"`
	// Stage is a stage id; Lever's default when empty.
	Stage string `json:"stage,omitempty"`
}
