package activities

import "github.com/cjlever/cjlever/config"

// The inputs and outputs of the reconciliation's activities (see
// reconcile_activities.go).

// ReconcileSettings is what a reconciliation run needs of its connection: the
// trigger stage to list, and the score bands the assessments it starts act
// on (as the gateway's starts do).
type ReconcileSettings struct {
	TriggerStageID    string
	ScoreBands        *config.ScoreBands           `json:",omitempty"`
	PostingScoreBands map[string]config.ScoreBands `json:",omitempty"`
}

// StagePageInput asks for one page of the opportunities in a stage.
type StagePageInput struct {
	ConnectionID string
	StageID      string
	// Next is the token of the page to read; "" for the first.
	Next string
}

// StagePage is one page of the active opportunities in a stage. Next is the
// token of the following page; "" after the last.
type StagePage struct {
	Opportunities []StageOpportunity
	Next          string
}

// StageOpportunity is what reconciliation needs to know of an opportunity:
// its tags, and its posting's when its own name no test. No name, no email.
type StageOpportunity struct {
	OpportunityID string
	Tags          []string
	PostingTags   []string `json:",omitempty"`
}
