// Package workflows holds cjlever's Temporal workflows. It exports the ids,
// names, signal and query names and input types that the gateway and the
// worker use, so that those never spell them out themselves.
//
// Workflow code here is deterministic: all I/O happens in activities.
package workflows

import (
	"strings"
	"time"
)

// TaskQueue is the task queue the worker polls and the gateway starts on.
const TaskQueue = "cjlever-assessments"

// Workflow type names, registered explicitly so renaming a Go func never
// changes them.
const (
	CandidateAssessmentWorkflowName = "CandidateAssessment"
	TestInvitationWorkflowName      = "TestInvitation"
)

// Signal and query names.
const (
	// InviteFinishedSignal tells a TestInvitation that Codejudge reported the
	// invite completed or expired. Payload: InviteFinished.
	InviteFinishedSignal = "invite-finished"
	// StatusQuery returns an AssessmentStatus (CandidateAssessment) or a
	// TestStatus (TestInvitation).
	StatusQuery = "status"
)

// Trigger names the Lever event that started an assessment.
type Trigger string

const (
	TriggerStageChange        Trigger = "candidateStageChange"
	TriggerApplicationCreated Trigger = "applicationCreated"
)

// AssessmentInput starts a CandidateAssessment. The connection id travels in
// every input: each connection is its own Lever account and Codejudge org.
type AssessmentInput struct {
	ConnectionID  string
	OpportunityID string
	Trigger       Trigger
	// TriggerStageID is the connection's trigger stage when the event was
	// accepted. For applicationCreated, ApplicationCheck first checks that
	// the opportunity stands in it (the event does not say).
	TriggerStageID string
	// EventTriggeredAt is the Lever event's time, for the record.
	EventTriggeredAt time.Time
	// Timing; zero values take the defaults below.
	Timing Timing
}

// Timing bounds how the workflow waits for a result.
type Timing struct {
	// PollInterval: how often Codejudge is asked about the invite, in case a
	// completion callback never arrives.
	PollInterval time.Duration
	// GracePeriod: how long past the invite's expiry we still wait before we
	// note that the candidate did not finish.
	GracePeriod time.Duration
	// DefaultValidity: the invite's lifetime when Codejudge gives no expiry.
	DefaultValidity time.Duration
}

// Default timings.
const (
	DefaultPollInterval    = 6 * time.Hour
	DefaultGracePeriod     = 24 * time.Hour
	DefaultInviteValidity  = 7 * 24 * time.Hour
	idSeparator            = "/"
	assessmentWorkflowRoot = "assessment"
)

// withDefaults fills zero timings.
func (t Timing) withDefaults() Timing {
	if t.PollInterval <= 0 {
		t.PollInterval = DefaultPollInterval
	}
	if t.GracePeriod <= 0 {
		t.GracePeriod = DefaultGracePeriod
	}
	if t.DefaultValidity <= 0 {
		t.DefaultValidity = DefaultInviteValidity
	}
	return t
}

// AssessmentWorkflowID is the CandidateAssessment id for one opportunity on one
// connection. Being deterministic, it makes Temporal refuse a second start for
// a redelivered webhook.
func AssessmentWorkflowID(connectionID, opportunityID string) string {
	return strings.Join([]string{assessmentWorkflowRoot, connectionID, opportunityID}, idSeparator)
}

// TestInvitationWorkflowID is the id of the child workflow that tracks one test
// for one opportunity. Codejudge's callback carries all three parts, so the
// gateway can signal it without a lookup.
func TestInvitationWorkflowID(connectionID, opportunityID, testID string) string {
	return AssessmentWorkflowID(connectionID, opportunityID) + idSeparator + strings.ToUpper(testID)
}

// InviteFinished is the InviteFinishedSignal payload. The workflow fetches
// the result itself rather than trusting the payload, so a signal is only a
// prompt to look now.
type InviteFinished struct {
	InviteID string
	Event    string // "invite.completed" or "invite.expired"
}
