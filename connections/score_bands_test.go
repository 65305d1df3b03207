package connections

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/workflows"
)

// A file's score bands survive the trip through the Connection workflow.
func TestScoreBandsTravelThroughTheRecord(t *testing.T) {
	c := config.Connection{ID: "acme",
		ScoreBands:        &config.ScoreBands{PassPercentage: 70, PassStageID: "stage-onsite", FailPercentage: 40, FailTag: "CJ Low score"},
		PostingScoreBands: map[string]config.ScoreBands{"post-1": {PassPercentage: 90, PassStageID: "stage-offer"}},
	}
	got := toConfig(workflows.ConnectionRecord{Settings: fromConfig(c)})
	require.Equal(t, c.ScoreBands, got.ScoreBands)
	require.Equal(t, c.PostingScoreBands, got.PostingScoreBands)

	none := toConfig(workflows.ConnectionRecord{Settings: fromConfig(config.Connection{ID: "plain"})})
	require.Nil(t, none.ScoreBands)
	require.Nil(t, none.PostingScoreBands)
}
