// Package workflows holds cjlever's Temporal workflows. This file is their
// contract: the task queue, names, ids, signals, queries, inputs, results and
// search attributes that the gateway, the worker and the ops tools use to
// start, signal and query them, so that those never spell them out
// themselves.
//
// Workflow code here is deterministic: all I/O happens in activities.
package workflows

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"

	"github.com/cjlever/cjlever/activities"
)

// TaskQueue is the task queue the worker polls and the gateway starts on.
const TaskQueue = "cjlever-assessments"

// LeverTaskQueue is where the activities that call one connection's Lever
// account wait for a worker. Lever allows each account 10 requests a second
// whatever the number of our worker processes, so the workers give this
// queue a rate limit that Temporal's matching service enforces across all of
// them (worker.Options.TaskQueueActivitiesPerSecond). An activity that waits
// for its turn waits in the queue, holding no worker slot and running into
// no timeout.
func LeverTaskQueue(connectionID string) string {
	return leverTaskQueueRoot + connectionID
}

const leverTaskQueueRoot = "cjlever-lever/"

// Workflow type names, registered explicitly so renaming a Go func never
// changes them.
const (
	CandidateAssessmentWorkflowName = "CandidateAssessment"
	TestInvitationWorkflowName      = "TestInvitation"
	// ApplicationCheckWorkflowName is the workflow an applicationCreated
	// webhook starts.
	ApplicationCheckWorkflowName = "ApplicationCheck"
	// DeliveryTokenWorkflowName holds one Lever delivery token while a
	// replay of that delivery could still be fresh.
	DeliveryTokenWorkflowName = "DeliveryToken"
	// ConnectionWorkflowName is the entity workflow that holds one
	// connection's settings and Lever grant (connection_contract.go).
	ConnectionWorkflowName = "Connection"
)

// Workflow ids are deterministic, so Temporal refuses a second start for a
// redelivered webhook and the gateway can signal without a lookup.
const (
	idSeparator            = "/"
	assessmentWorkflowRoot = "assessment"
	applicationCheckRoot   = "application-check"
	deliveryTokenRoot      = "lever-delivery"
	connectionRoot         = "connection"
)

// ConnectionWorkflowID is the id of a connection's entity workflow.
func ConnectionWorkflowID(connectionID string) string {
	return connectionRoot + idSeparator + connectionID
}

// AssessmentWorkflowID is the CandidateAssessment id for one opportunity on one
// connection.
func AssessmentWorkflowID(connectionID, opportunityID string) string {
	return strings.Join([]string{assessmentWorkflowRoot, connectionID, opportunityID}, idSeparator)
}

// TestInvitationWorkflowID is the id of the child workflow that tracks one test
// for one opportunity. Codejudge's callback carries all three parts.
func TestInvitationWorkflowID(connectionID, opportunityID, testID string) string {
	return AssessmentWorkflowID(connectionID, opportunityID) + idSeparator + strings.ToUpper(testID)
}

// InviteIdempotencyKey is the Codejudge Idempotency-Key of the invite of one
// opportunity to one test (docs/codejudge-api.md §3.1): every attempt and
// every run that means that invite sends the same key, so Codejudge never
// invites the candidate twice and a re-triggered assessment adopts the
// invite that exists.
func InviteIdempotencyKey(connectionID, opportunityID, testID string) string {
	return strings.Join([]string{connectionID, opportunityID, strings.ToUpper(testID)}, idSeparator)
}

// ApplicationCheckWorkflowID is the ApplicationCheck id for one opportunity,
// so a redelivered applicationCreated is recognised as a duplicate.
func ApplicationCheckWorkflowID(connectionID, opportunityID string) string {
	return applicationCheckRoot + idSeparator + connectionID + idSeparator + opportunityID
}

// DeliveryTokenWorkflowID is the DeliveryToken id of one Lever delivery
// token on one connection. While that workflow runs, Temporal refuses to
// start it again: the token has been seen. The id holds a digest of the token,
// not the token: ids show in the UI and in logs.
func DeliveryTokenWorkflowID(connectionID, token string) string {
	digest := sha256.Sum256([]byte(token))
	return strings.Join([]string{deliveryTokenRoot, connectionID, hex.EncodeToString(digest[:16])}, idSeparator)
}

// DeliveryTokenInput starts a DeliveryToken.
type DeliveryTokenInput struct {
	ConnectionID string
	// Until is when a replay of the delivery is refused as stale anyway: its
	// triggeredAt plus the replay window.
	Until time.Time
}

// Signal and query names.
const (
	// InviteFinishedSignal tells a TestInvitation that Codejudge reported the
	// invite completed or expired. Payload: InviteFinished.
	InviteFinishedSignal = "invite-finished"
	// ConnectionReauthorizedSignal wakes an assessment waiting for its
	// connection to be re-authorised: the Connection workflow sends it when
	// the connection is Active again. No payload.
	ConnectionReauthorizedSignal = "connection-reauthorized"
	// StatusQuery returns an AssessmentStatus (CandidateAssessment) or a
	// TestStatus (TestInvitation).
	StatusQuery = "status"
	// TestStatusSignal is how a TestInvitation tells its parent
	// CandidateAssessment of each change of its state, so the parent's
	// status query shows the truth while the child waits. Payload: TestStatus.
	TestStatusSignal = "test-status"
	// StageChangeAgainSignal: a recruiter moved the candidate into the
	// trigger stage again while the assessment runs (the gateway signals it
	// when the start finds the workflow running). A parked assessment
	// retries; otherwise it is noted and ignored. Payload: AssessmentInput.
	StageChangeAgainSignal = "stage-change-again"
	// OpportunityArchivedSignal: Lever archived the opportunity (the
	// gateway forwards candidateArchiveChange). The assessment passes it to
	// its running test invitations, which cancel open invites in Codejudge
	// and note it. No payload.
	OpportunityArchivedSignal = "opportunity-archived"
)

// Ops decisions on an assessment parked in NeedsAttention. They are Updates:
// the validator refuses one for an assessment that is not parked, so the
// caller (`cjlever ops`, the ops HTTP API) learns at once whether it was
// taken. Payload: OpsRequest; result: AssessmentStatus.
const (
	// RetryUpdate re-reads the opportunity, re-resolves the test tags and
	// invites again for every test that failed.
	RetryUpdate = "retry"
	// DismissUpdate ends the parked assessment as Dismissed: nothing more is
	// sent, and a later stage change may start it afresh.
	DismissUpdate = "dismiss"
)

// OpsRequest is who asks for an ops decision and why. The workflow notes it
// on the opportunity (the audit trail in Lever) and logs it.
type OpsRequest struct {
	// Actor names who acted, e.g. "ops:alice" or "recruiter (stage change)".
	Actor  string
	Reason string `json:",omitempty"`
}

// InviteFinished is the InviteFinishedSignal payload. The workflow fetches
// the result itself rather than trusting the payload, so a signal is only a
// prompt to look now.
type InviteFinished struct {
	InviteID string
}

// Trigger names the Lever event that started an assessment.
type Trigger string

const (
	TriggerStageChange        Trigger = "candidateStageChange"
	TriggerApplicationCreated Trigger = "applicationCreated"
)

// AssessmentInput starts a CandidateAssessment (or, for applicationCreated,
// an ApplicationCheck). The connection id travels in every input: each
// connection is its own Lever account and Codejudge org.
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
	// ScoreBands, when set, act on a result (the connection's bands, or
	// its posting's): see ScoreBands.
	ScoreBands *ScoreBands `json:",omitempty"`
	// PostingScoreBands are the connection's bands of particular postings,
	// by posting id: the posting is only known once the opportunity is read
	// (chooseScoreBands).
	PostingScoreBands map[string]ScoreBands `json:",omitempty"`
}

// ScoreBands say what a result does beyond its note. A result flagged for
// plagiarism never advances: it is noted for a human instead.
type ScoreBands struct {
	// PassPercentage and PassStageID: a result at or above the pass mark
	// moves the opportunity to that stage.
	PassPercentage float64 `json:",omitempty"`
	PassStageID    string  `json:",omitempty"`
	// FailPercentage and FailTag: a result below the fail mark gets the tag.
	FailPercentage float64 `json:",omitempty"`
	FailTag        string  `json:",omitempty"`
}

// StartWorkflow names the workflow type and id a gateway starts for an
// input: an ApplicationCheck for applicationCreated, else the
// CandidateAssessment itself.
func (in AssessmentInput) StartWorkflow() (workflowType, workflowID string) {
	if in.Trigger == TriggerApplicationCreated {
		return ApplicationCheckWorkflowName, ApplicationCheckWorkflowID(in.ConnectionID, in.OpportunityID)
	}
	return CandidateAssessmentWorkflowName, AssessmentWorkflowID(in.ConnectionID, in.OpportunityID)
}

// TestInvitationInput starts a TestInvitation.
type TestInvitationInput struct {
	activities.OpportunityRef
	TestID string
	Timing Timing
	// Candidate is whom to invite (empty in runs started before it was
	// passed: the invite activity then reads Lever).
	Candidate activities.Candidate
	// EarlierRun: an earlier run of the assessment wrote to the opportunity,
	// so the notes this run writes may exist already.
	EarlierRun bool `json:",omitempty"`
	// Waiting is set when a run continues as new while it waits for the
	// result: the invite is out and recorded, so the new run only waits.
	Waiting *WaitingState `json:",omitempty"`
	// ScoreBands act on the result (chooseScoreBands); nil: the result is
	// only noted.
	ScoreBands *ScoreBands `json:",omitempty"`
}

// WaitingState is what a TestInvitation carries into its next run.
type WaitingState struct {
	Status TestStatus
	// Prompted: a completion signal arrived that the last run did not act on.
	Prompted bool
	// Reminded: Codejudge reminded the candidate already; once per invite.
	Reminded bool `json:",omitempty"`
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
	// AttentionWindow: how long an assessment parked in NeedsAttention waits
	// for an ops decision before it ends as Error.
	AttentionWindow time.Duration `json:",omitempty"`
	// OutageBound: how long an invite is retried while Codejudge (or Lever)
	// is down before the assessment parks in NeedsAttention.
	OutageBound time.Duration `json:",omitempty"`
	// ReminderBefore: how long before the invite expires Codejudge reminds
	// the candidate; negative sends no reminder.
	ReminderBefore time.Duration `json:",omitempty"`
}

// Default timings, and the floor under the poll interval: a short one must
// not grow a waiting workflow's history fast.
const (
	MinPollInterval        = time.Minute
	DefaultPollInterval    = 6 * time.Hour
	DefaultGracePeriod     = 24 * time.Hour
	DefaultInviteValidity  = 7 * 24 * time.Hour
	DefaultAttentionWindow = 14 * 24 * time.Hour
	DefaultOutageBound     = time.Hour
	DefaultReminderBefore  = 24 * time.Hour
)

// withDefaults fills zero timings.
func (t Timing) withDefaults() Timing {
	if t.PollInterval <= 0 {
		t.PollInterval = DefaultPollInterval
	}
	t.PollInterval = max(t.PollInterval, MinPollInterval)
	if t.GracePeriod <= 0 {
		t.GracePeriod = DefaultGracePeriod
	}
	if t.DefaultValidity <= 0 {
		t.DefaultValidity = DefaultInviteValidity
	}
	if t.AttentionWindow <= 0 {
		t.AttentionWindow = DefaultAttentionWindow
	}
	if t.OutageBound <= 0 {
		t.OutageBound = DefaultOutageBound
	}
	if t.ReminderBefore == 0 {
		t.ReminderBefore = DefaultReminderBefore
	}
	return t
}

// State is an assessment's (or one test invitation's) visible state; it is the
// CJStatus search attribute and the State of the status query.
type State string

const (
	StateQueued         State = "Queued"         // started, not yet looked at
	StateResolving      State = "Resolving"      // reading the opportunity, finding tests
	StateInviting       State = "Inviting"       // sending the Codejudge invite
	StateAwaitingResult State = "AwaitingResult" // invited; waiting for the candidate
	StateCompleted      State = "Completed"      // results posted to Lever
	StateNotFinished    State = "NotFinished"    // deadline passed without a result
	StateSkipped        State = "Skipped"        // Lever shows the opportunity outside the trigger stage, or archived
	StateError          State = "Error"          // CJ Error tagged; see the note and the failure
	// StateNeedsAttention: CJ Error tagged and noted; the assessment waits
	// (Timing.AttentionWindow) for ops to retry or dismiss it. Reason says why.
	StateNeedsAttention State = "NeedsAttention"
	StateDismissed      State = "Dismissed" // ops dismissed a parked assessment
	StateExpired        State = "Expired"   // the invite expired unfinished: CJ Expired tagged
	StateCancelled      State = "Cancelled" // the opportunity was archived: open invites cancelled
	// StateWaitingForReauthorization is CJStatus alone (the status query keeps
	// its State and says so in Waiting) while a step waits for the
	// connection to be re-authorised; the state before comes back after.
	StateWaitingForReauthorization State = "WaitingForReauthorization"
)

// States are every State, for those who check a CJStatus they are given.
func States() []State {
	return []State{StateQueued, StateResolving, StateInviting, StateAwaitingResult, StateCompleted,
		StateNotFinished, StateSkipped, StateError, StateNeedsAttention, StateDismissed, StateExpired,
		StateCancelled, StateWaitingForReauthorization}
}

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
	// Waiting says why the assessment is stalled, e.g.
	// WaitingForReauthorization; empty while it proceeds.
	Waiting string `json:",omitempty"`
	// PostingID is the opportunity's posting, once read.
	PostingID string `json:",omitempty"`
	// AttentionUntil: while NeedsAttention, when the assessment gives up
	// waiting for an ops decision and ends as Error.
	AttentionUntil time.Time `json:",omitempty"`
	// Events is what happened, oldest first, in words (`cjlever ops show`);
	// the oldest are dropped beyond MaxStatusEvents.
	Events []StatusEvent `json:",omitempty"`
}

// StatusEvent is one thing that happened to an assessment.
type StatusEvent struct {
	At   time.Time
	Text string
}

// MaxStatusEvents bounds AssessmentStatus.Events (and so the query's answer).
const MaxStatusEvents = 50

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
	Result   *activities.Result
	Reason   string
	// Waiting: as AssessmentStatus.Waiting, for this test.
	Waiting string `json:",omitempty"`
}

// ErrTypeAssessmentFailed is the type of the error a CandidateAssessment ends
// with when it tagged "CJ Error": the run shows as Failed in the Temporal UI,
// and a later stage change may start the assessment afresh.
const ErrTypeAssessmentFailed = "AssessmentFailed"

// ErrTypeAssessmentSkipped is the type of the error a CandidateAssessment ends
// with when Lever's record does not back the event (not in the trigger stage,
// or archived): nothing was sent, tagged or noted, and a later stage change
// may start the assessment afresh.
const ErrTypeAssessmentSkipped = "AssessmentSkipped"

// ErrTypeAssessmentDismissed is the type of the error a CandidateAssessment
// ends with when ops dismissed it: failed, so a later stage change may start
// it afresh.
const ErrTypeAssessmentDismissed = "AssessmentDismissed"

// Tags cjlever puts on opportunities (the product page's words).
const (
	TagInviteSent = "CJ TEST INVITE SENT"
	TagError      = "CJ Error"
	TagExpired    = "CJ Expired"
)

// Typed search attributes, so support can filter in the Temporal UI, e.g.
//
//	CJStatus = "AwaitingResult" AND CJOpportunityId = "..."
var (
	SearchAttrStatus      = temporal.NewSearchAttributeKeyKeyword("CJStatus")
	SearchAttrConnection  = temporal.NewSearchAttributeKeyKeyword("CJConnection")
	SearchAttrOpportunity = temporal.NewSearchAttributeKeyKeyword("CJOpportunityId")
	SearchAttrTestIDs     = temporal.NewSearchAttributeKeyKeywordList("CJTestIds")
	SearchAttrPosting     = temporal.NewSearchAttributeKeyKeyword("CJPostingId")
	SearchAttrInviteIDs   = temporal.NewSearchAttributeKeyKeywordList("CJInviteIds")
	// SearchAttrLastChange is when CJStatus last changed, e.g. for
	// "NeedsAttention for more than a day".
	SearchAttrLastChange = temporal.NewSearchAttributeKeyTime("CJLastChange")
)

// SearchAttributes lists the custom search attributes to register on a
// namespace (the embedded server does it at start; `cjlever` documents it for
// a cluster).
func SearchAttributes() map[string]enumspb.IndexedValueType {
	return map[string]enumspb.IndexedValueType{
		SearchAttrStatus.GetName():      enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		SearchAttrConnection.GetName():  enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		SearchAttrOpportunity.GetName(): enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		SearchAttrTestIDs.GetName():     enumspb.INDEXED_VALUE_TYPE_KEYWORD_LIST,
		SearchAttrPosting.GetName():     enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		SearchAttrInviteIDs.GetName():   enumspb.INDEXED_VALUE_TYPE_KEYWORD_LIST,
		SearchAttrLastChange.GetName():  enumspb.INDEXED_VALUE_TYPE_DATETIME,
	}
}
