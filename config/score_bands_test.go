package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// withBands is goodConnections (its Lever key given) with more fields.
func withBands(fields string) string {
	return strings.NewReplacer(
		"env:ACME_LEVER_KEY", "k",
		`"performAs": "user-1",`, `"performAs": "user-1", `+fields+`,`,
	).Replace(goodConnections)
}

func TestConnectionsFileScoreBands(t *testing.T) {
	conns, err := LoadConnectionsFile(writeConnections(t, withBands(
		`"scoreBands": {"passPercentage": 70, "passStageId": "stage-onsite", "failPercentage": 40, "failTag": "CJ Low score"},
		 "postingScoreBands": {"post-1": {"passPercentage": 90, "passStageId": "stage-offer"}}`)))
	require.NoError(t, err)
	require.Equal(t, &ScoreBands{PassPercentage: 70, PassStageID: "stage-onsite", FailPercentage: 40, FailTag: "CJ Low score"},
		conns[0].ScoreBands)
	require.Equal(t, map[string]ScoreBands{"post-1": {PassPercentage: 90, PassStageID: "stage-offer"}}, conns[0].PostingScoreBands)
}

func TestConnectionsFileRefusesBadScoreBands(t *testing.T) {
	for _, tc := range []struct{ bands, want string }{
		{`"scoreBands": {"passPercentage": 101, "passStageId": "s"}`, `connection "acme": scoreBands: passPercentage 101 must be 0..100`},
		{`"scoreBands": {"failPercentage": -1, "failTag": "t"}`, `scoreBands: failPercentage -1 must be 0..100`},
		{`"scoreBands": {"passPercentage": 70}`, `scoreBands: a pass mark needs passStageId`},
		{`"scoreBands": {"failPercentage": 40}`, `scoreBands: a fail mark needs failTag`},
		{`"scoreBands": {"failTag": "t"}`, `scoreBands: failTag needs a failPercentage above 0`},
		{`"scoreBands": {"passPercentage": 30, "passStageId": "s", "failPercentage": 40, "failTag": "t"}`,
			`scoreBands: passPercentage 30 is below failPercentage 40`},
		{`"postingScoreBands": {"post-1": {"passPercentage": 70}}`, `connection "acme": postingScoreBands["post-1"]: a pass mark needs passStageId`},
		{`"postingScoreBands": {"": {"passPercentage": 70, "passStageId": "s"}}`, `postingScoreBands has an empty posting id`},
		{`"scoreBands": {"passMark": 70}`, `unknown field "passMark"`},
	} {
		_, err := LoadConnectionsFile(writeConnections(t, withBands(tc.bands)))
		require.ErrorContains(t, err, tc.want, tc.bands)
	}
}
