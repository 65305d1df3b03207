package workflows

import (
	"strings"
	"time"
)

// The contract of reconciliation: a Temporal Schedule per connection starts
// a Reconcile run now and then, which starts the assessment of every
// opportunity in the trigger stage that should have one and has none (a
// webhook that was off, a delivery lost past Lever's retries, a posting
// tagged after its candidates reached the stage).

// ReconcileWorkflowName is the workflow type the schedules start.
const ReconcileWorkflowName = "Reconcile"

// TriggerReconciliation: the assessment was started by reconciliation, not
// by a Lever event.
const TriggerReconciliation Trigger = "reconciliation"

const reconcileRoot = "reconcile"

// ReconcileScheduleID is the id of a connection's reconciliation schedule,
// and the id (before the time Temporal appends) of the runs it starts.
func ReconcileScheduleID(connectionID string) string {
	return reconcileRoot + idSeparator + connectionID
}

// ConnectionOfReconcileSchedule is the connection a schedule id names, and
// false for a schedule that is not a reconciliation's.
func ConnectionOfReconcileSchedule(scheduleID string) (string, bool) {
	id, ok := strings.CutPrefix(scheduleID, ReconcileScheduleID(""))
	return id, ok && id != ""
}

// DefaultReconcileInterval is how often a connection is reconciled.
const DefaultReconcileInterval = 15 * time.Minute

// ReconcileInput starts a Reconcile run.
type ReconcileInput struct {
	ConnectionID string
	// Timing is given to the assessments it starts, as the gateway gives
	// its own.
	Timing Timing
	// Progress is set when a run continues as new: where it stopped.
	Progress *ReconcileProgress `json:",omitempty"`
}

// ReconcileProgress is how far a reconciliation has gone.
type ReconcileProgress struct {
	StageID string
	// ScoreBands and PostingScoreBands: the connection's, for the
	// assessments the run starts (as the gateway's starts carry them).
	ScoreBands        *ScoreBands           `json:",omitempty"`
	PostingScoreBands map[string]ScoreBands `json:",omitempty"`
	// Next is the token of the next page to read.
	Next   string
	Pages  int
	Counts ReconcileCounts
}

// ReconcileCounts are a Reconcile run's result: how many opportunities it
// listed in the trigger stage, how many of those were eligible (a test tag
// on the opportunity or its posting, and none of ours), how many assessments it started, and how many it found started
// already (running, or ended well: the reuse policy leaves them alone).
type ReconcileCounts struct {
	Listed         int
	Eligible       int
	Started        int
	AlreadyStarted int
}
