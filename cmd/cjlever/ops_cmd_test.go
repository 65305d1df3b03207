package main

import (
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
