package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/ops"
	"github.com/cjlever/cjlever/workflows"
)

func TestParseOps(t *testing.T) {
	cmd, err := parseOps([]string{"show", "opp-1", "--connection", "acme", "--json"}, "alice")
	require.NoError(t, err)
	require.Equal(t, opsCommand{action: "show", ref: ops.Ref{Connection: "acme", Opportunity: "opp-1"},
		filter: ops.Filter{Connection: "acme"}, actor: "ops:alice", json: true}, cmd)

	cmd, err = parseOps([]string{"list", "--status", "NeedsAttention", "--older-than", "2d"}, "alice")
	require.NoError(t, err)
	require.Equal(t, ops.Filter{Status: workflows.StateNeedsAttention, OlderThan: 48 * time.Hour}, cmd.filter)

	cmd, err = parseOps([]string{"retry", "--all", "--status", "NeedsAttention", "--connection", "acme", "--actor", "ops:bob"}, "alice")
	require.NoError(t, err)
	require.True(t, cmd.all)
	require.Equal(t, "ops:bob", cmd.actor)

	cmd, err = parseOps([]string{"dismiss", "opp-1", "--reason", "withdrew"}, "")
	require.NoError(t, err)
	require.Equal(t, "ops:unknown", cmd.actor)
	require.Equal(t, "withdrew", cmd.reason)

	for _, args := range [][]string{
		nil, {"frobnicate"}, {"show"}, {"list", "opp-1"}, {"retry"}, {"retry", "--all"},
		{"retry", "--all", "--status", "NeedsAttention", "opp-1"}, {"dismiss", "opp-1"}, {"list", "--older-than", "soon"},
	} {
		_, err := parseOps(args, "alice")
		require.Error(t, err, "%q", args)
	}
}

// TestParseOpsRefusesWhatTheServiceWould: the command line is checked before
// any Temporal call, with a message that says what is wrong.
func TestParseOpsRefusesWhatTheServiceWould(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"dismiss", "opp-1"}, "--reason is required"},
		{[]string{"dismiss", "opp-1", "--reason", "   "}, "needs a reason"},
		{[]string{"dismiss", "opp-1", "--reason", strings.Repeat("x", ops.MaxReasonLen+1)}, "longer than 1000 characters"},
		{[]string{"list", "--status", "needsattention"}, "unknown status"},
		{[]string{"retry", "--all", "--status", "Bogus"}, string(workflows.StateNeedsAttention)},
		{[]string{"list", "--connection", "acme\x00"}, "connection id"},
		{[]string{"list", "--older-than", "12169727d"}, "10 years"},
		{[]string{"show", "opp\xff"}, "opportunity id"},
		{[]string{"retry", "opp/CJ-81519"}, "opportunity id"},
		{[]string{"dismiss", "opp/CJ-81519", "--reason", "withdrew"}, "opportunity id"},
	} {
		_, err := parseOps(tc.args, "alice")
		require.ErrorContains(t, err, tc.want, "%q", tc.args)
	}
	_, err := parseOps([]string{"list", "--status", "Queued"}, "alice")
	require.NoError(t, err)
}

// TestOpsRetryAllExitStatus: refused as not parked is no failure; an error is.
func TestOpsRetryAllExitStatus(t *testing.T) {
	var out strings.Builder
	refusedOnly := []ops.Outcome{
		{Connection: "acme", Opportunity: "opp-1", Result: ops.OutcomeRetried},
		{Connection: "acme", Opportunity: "opp-2", Result: ops.OutcomeRefused, Error: "refused: not parked"},
	}
	require.NoError(t, printOutcomes(&out, refusedOnly))
	require.Contains(t, out.String(), "acme/opp-2: refused: not parked\n")

	withError := append(refusedOnly, ops.Outcome{Connection: "acme", Opportunity: "opp-3", Result: ops.OutcomeError, Error: "deadline exceeded"})
	require.ErrorContains(t, printOutcomes(&out, withError), "1 of 3 retries failed")
}
