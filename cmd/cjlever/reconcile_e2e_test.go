//go:build !nodev

package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

// TestReconciliationInvitesACandidateWhoseWebhookNeverCame: with our
// webhooks gone from Lever, a candidate put straight into the trigger stage
// sends no event; the connection's schedule, triggered now, finds them and
// invites them, and triggered again starts nothing new.
func TestReconciliationInvitesACandidateWhoseWebhookNeverCame(t *testing.T) {
	env := startTestDev(t)
	ctx := context.Background()
	sc, err := newSandboxClients(env.sandbox.LeverURL, env.sandbox.CodejudgeURL)
	require.NoError(t, err)
	tc := temporalClient(t, env)

	hooks, err := sc.lever.ListWebhooks(ctx)
	require.NoError(t, err)
	for _, h := range hooks {
		require.NoError(t, sc.lever.DeleteWebhook(ctx, h.ID))
	}
	user, err := sc.performAs(ctx)
	require.NoError(t, err)
	opp, err := sc.lever.CreateOpportunity(ctx, lever.NewOpportunity{
		Name: "Grace Hopper", Emails: []string{"grace@example.com"},
		Postings: []string{env.sandbox.Seed.PostingID}, Stage: env.sandbox.Seed.AssessmentStageID,
	}, user)
	require.NoError(t, err)

	first := triggerReconciliation(t, tc, env, 0)
	require.Equal(t, 1, first.Started, "first run: %+v", first)

	eventually(t, "the reconciled candidate is invited and noted in Lever", func() bool {
		o, err := sc.lever.GetOpportunity(ctx, opp.ID)
		if err != nil || !contains(o.Tags, workflows.TagInviteSent) {
			return false
		}
		notes, err := sc.lever.ListNotes(ctx, opp.ID)
		return err == nil && anyNote(notes, "invited the candidate to the test")
	})
	second := triggerReconciliation(t, tc, env, 1)
	require.Zero(t, second.Started, "second run: %+v", second)
	invites, err := sc.codejudge.ListInvites(ctx, codejudge.InviteFilter{ExternalID: opp.ID})
	require.NoError(t, err)
	require.Len(t, invites, 1)
}

// triggerReconciliation triggers the schedule, once it exists and has
// started ran runs, and returns the counts of the run it starts (the
// first's history recorded for the replay test).
func triggerReconciliation(t *testing.T, tc client.Client, env *devEnv, ran int) workflows.ReconcileCounts {
	t.Helper()
	ctx := context.Background()
	schedule := tc.ScheduleClient().GetHandle(ctx, workflows.ReconcileScheduleID(sandbox.ConnectionID))
	eventually(t, "the connection's reconciliation schedule exists", func() bool {
		_, err := schedule.Describe(ctx)
		return err == nil
	})
	require.NoError(t, schedule.Trigger(ctx, client.ScheduleTriggerOptions{}))
	var run *client.ScheduleWorkflowExecution
	eventually(t, "the schedule started a run", func() bool {
		desc, err := schedule.Describe(ctx)
		if err != nil || len(desc.Info.RecentActions) <= ran {
			return false
		}
		run = desc.Info.RecentActions[ran].StartWorkflowResult
		return true
	})
	var counts workflows.ReconcileCounts
	require.NoError(t, tc.GetWorkflow(ctx, run.WorkflowID, run.FirstExecutionRunID).Get(ctx, &counts))
	if ran == 0 {
		recordHistory(t, tc, env.codec, run.WorkflowID, "reconcile_started_one")
	}
	return counts
}
