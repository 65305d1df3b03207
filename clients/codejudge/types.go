package codejudge

import (
	"log/slog"
	"time"
)

// Test is an assessment prepared in Codejudge, e.g. CJ-81519.
type Test struct {
	ID              string    `json:"id"`
	Name            string    `json:"name"`
	DurationMinutes int       `json:"durationMinutes"`
	MaxScore        int       `json:"maxScore"`
	Sections        []Section `json:"sections"`
}

// Section is one scored part of a test.
type Section struct {
	Name     string `json:"name"`
	MaxScore int    `json:"maxScore"`
}

// InviteStatus is where an invite stands in its lifecycle.
type InviteStatus string

const (
	StatusInvited   InviteStatus = "invited"
	StatusStarted   InviteStatus = "started"
	StatusCompleted InviteStatus = "completed"
	StatusExpired   InviteStatus = "expired"
	StatusCancelled InviteStatus = "cancelled"
)

// Final reports whether the status can no longer change.
func (s InviteStatus) Final() bool {
	return s == StatusCompleted || s == StatusExpired || s == StatusCancelled
}

// Active reports whether the invite blocks a second invite of the same
// candidate to the same test (409 already_invited).
func (s InviteStatus) Active() bool {
	return s == StatusInvited || s == StatusStarted || s == StatusCompleted
}

// Candidate is the person invited.
type Candidate struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// LogValue keeps the email (and name) out of logs: a candidate is personal
// data, and logging one by accident is the likely way it leaks.
func (c Candidate) LogValue() slog.Value { return slog.StringValue("[candidate]") }

// Invite asks one candidate to take one test.
type Invite struct {
	ID             string       `json:"id"`
	TestID         string       `json:"testId"`
	TestName       string       `json:"testName"`
	Status         InviteStatus `json:"status"`
	ExternalID     string       `json:"externalId"`
	ExternalSource string       `json:"externalSource,omitempty"`
	Candidate      Candidate    `json:"candidate"`
	TestURL        string       `json:"testUrl"`
	InvitedAt      time.Time    `json:"invitedAt"`
	ExpiresAt      time.Time    `json:"expiresAt"`
	// CompletedAt and Result are set once the invite is completed.
	CompletedAt *time.Time `json:"completedAt,omitempty"`
	Result      *Result    `json:"result,omitempty"`
}

// LogValue logs what identifies an invite and nothing personal.
func (i Invite) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", i.ID),
		slog.String("testId", i.TestID),
		slog.String("status", string(i.Status)),
		slog.String("externalId", i.ExternalID),
	)
}

// Result is a completed invite's outcome.
type Result struct {
	Score    int `json:"score"`
	MaxScore int `json:"maxScore"`
	// Percentage is 0..100, rounded to one decimal.
	Percentage        float64        `json:"percentage"`
	Sections          []SectionScore `json:"sections"`
	TimeTakenSeconds  int            `json:"timeTakenSeconds"`
	PlagiarismFlagged bool           `json:"plagiarismFlagged"`
	PlagiarismDetails string         `json:"plagiarismDetails,omitempty"`
	ReportURL         string         `json:"reportUrl"`
}

// SectionScore is the score of one section of a test.
type SectionScore struct {
	Name     string `json:"name"`
	Score    int    `json:"score"`
	MaxScore int    `json:"maxScore"`
}
