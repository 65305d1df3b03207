package gateway

import (
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/workflows"
)

// scoreBands is the connection's bands in the workflow's terms (the same
// fields).
func scoreBands(b *config.ScoreBands) *workflows.ScoreBands {
	if b == nil {
		return nil
	}
	out := workflows.ScoreBands(*b)
	return &out
}

// postingScoreBands is the connection's bands of particular postings in the
// workflow's terms.
func postingScoreBands(m map[string]config.ScoreBands) map[string]workflows.ScoreBands {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]workflows.ScoreBands, len(m))
	for posting, b := range m {
		out[posting] = workflows.ScoreBands(b)
	}
	return out
}
