package workflows

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestChooseScoreBandsPrefersThePostingsOwn(t *testing.T) {
	connection := &ScoreBands{PassPercentage: 70, PassStageID: "stage-onsite"}
	in := AssessmentInput{ScoreBands: connection,
		PostingScoreBands: map[string]ScoreBands{"post-1": {FailPercentage: 40, FailTag: "CJ Low score"}}}

	require.Equal(t, &ScoreBands{FailPercentage: 40, FailTag: "CJ Low score"}, chooseScoreBands(in, "post-1"))
	require.Equal(t, connection, chooseScoreBands(in, "post-2"))
	require.Equal(t, connection, chooseScoreBands(in, ""))
	require.Nil(t, chooseScoreBands(AssessmentInput{}, "post-1"))
}
