package connections

import (
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/workflows"
)

// bands is either form of a connection's score bands: config.ScoreBands
// and workflows.ScoreBands have the same fields, so each converts to the
// other.
type bands interface {
	config.ScoreBands | workflows.ScoreBands
}

func convertBands[To, From bands](b *From) *To {
	if b == nil {
		return nil
	}
	out := To(*b)
	return &out
}

func convertBandsMap[To, From bands](m map[string]From) map[string]To {
	if m == nil {
		return nil
	}
	out := make(map[string]To, len(m))
	for k, v := range m {
		out[k] = To(v)
	}
	return out
}
