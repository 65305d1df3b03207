//go:build !nodev

package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Sandbox commands take their flags before, between or after the
// arguments: a newcomer copies them in any order.
func TestSandboxFlagsGoAnywhere(t *testing.T) {
	cases := map[string][]string{
		"flags first": {"--lever-url", "http://127.0.0.1:9/v1", "opp-1", "Assessment"},
		"flags last":  {"opp-1", "Assessment", "--lever-url", "http://127.0.0.1:9/v1"},
		"flags among": {"opp-1", "--lever-url=http://127.0.0.1:9/v1", "Assessment"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			fs, ep := sandboxFlags("move")
			rest, err := parseAnyOrder(fs, args)
			require.NoError(t, err)
			require.Equal(t, []string{"opp-1", "Assessment"}, rest)
			require.Equal(t, "http://127.0.0.1:9/v1", ep.leverURL)
		})
	}
	fs, _ := sandboxFlags("outage")
	_, err := parseOutage(fs, []string{"codejudge", "sideways"})
	require.ErrorContains(t, err, "want codejudge|lever on|off")
	fs, _ = sandboxFlags("archive")
	_, err = parseArchive(fs, []string{"opp-1", "opp-2"})
	require.ErrorContains(t, err, "want <opportunity id>")
	fs, _ = sandboxFlags("complete")
	_, err = parseComplete(fs, []string{"opp-1"})
	require.ErrorContains(t, err, "--score N")
}
