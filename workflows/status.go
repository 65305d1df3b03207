package workflows

import "time"

// AssessmentStatus is what the status query of a CandidateAssessment returns
// and the workflow's result.
type AssessmentStatus struct {
	ConnectionID  string
	OpportunityID string
	CandidateName string
	State         State
	// TestSource says where the test ids came from: "opportunity" or "posting".
	TestSource string
	Tests      []TestStatus
	// Reason explains an Error or Skipped state in a recruiter's words.
	Reason string
}

// TestStatus is the state of one test invitation: the status query of a
// TestInvitation, and its result.
type TestStatus struct {
	TestID    string
	TestName  string
	State     State
	InviteID  string
	InvitedAt time.Time
	ExpiresAt time.Time
	// Deadline is when we stop waiting for a result.
	Deadline time.Time
	Result   *Result
	Reason   string
}
