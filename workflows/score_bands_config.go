package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/config"
)

// ScoreBandsOf is a connection's bands (config.Connection.ScoreBands and
// PostingScoreBands) in the workflow's terms: the same fields, so that the
// gateway's starts and reconciliation's pass the same bands.
func ScoreBandsOf(connection *config.ScoreBands, postings map[string]config.ScoreBands) (*ScoreBands, map[string]ScoreBands) {
	var out *ScoreBands
	if connection != nil {
		b := ScoreBands(*connection)
		out = &b
	}
	if len(postings) == 0 {
		return out, nil
	}
	byPosting := make(map[string]ScoreBands, len(postings))
	for _, posting := range workflow.DeterministicKeys(postings) {
		byPosting[posting] = ScoreBands(postings[posting])
	}
	return out, byPosting
}
