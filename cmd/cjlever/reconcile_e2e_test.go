//go:build !nodev

package main

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/worker"
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
		return invitedInLever(ctx, sc.lever, opp.ID)
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

// TestReconcileSchedulesFollowTheServedConnections: workers keeping the
// schedules at the same time do no harm; a new process brings the existing
// schedules to its interval; a connection no longer served loses its
// schedule. (The dev stack's own worker keeps them too, every few seconds,
// serving the sandbox alone.)
func TestReconcileSchedulesFollowTheServedConnections(t *testing.T) {
	env := startTestDev(t)
	ctx := context.Background()
	tc := temporalClient(t, env)
	sandboxSchedule := tc.ScheduleClient().GetHandle(ctx, workflows.ReconcileScheduleID(sandbox.ConnectionID))
	eventually(t, "the dev worker made the sandbox's schedule", func() bool {
		_, err := sandboxSchedule.Describe(ctx)
		return err == nil
	})

	workers := []*worker.ReconcileSchedules{
		worker.NewReconcileSchedules(tc, 2*time.Hour, workflows.Timing{}),
		worker.NewReconcileSchedules(tc, 2*time.Hour, workflows.Timing{}),
	}
	syncAll := func(served ...string) {
		t.Helper()
		var wg sync.WaitGroup
		errs := make([]error, len(workers))
		for i, w := range workers {
			wg.Go(func() { errs[i] = w.Sync(ctx, served) })
		}
		wg.Wait()
		require.NoError(t, errors.Join(errs...))
	}
	syncAll(sandbox.ConnectionID)
	desc, err := sandboxSchedule.Describe(ctx)
	require.NoError(t, err)
	require.Equal(t, 2*time.Hour, desc.Schedule.Spec.Intervals[0].Every, "the new processes' interval")
	require.Equal(t, enumspb.SCHEDULE_OVERLAP_POLICY_SKIP, desc.Schedule.Policy.Overlap)
	action, ok := desc.Schedule.Action.(*client.ScheduleWorkflowAction)
	require.True(t, ok)
	require.Equal(t, workflows.ReconcileWorkflowName, action.Workflow)
	require.Equal(t, workflows.TaskQueue, action.TaskQueue)

	syncAll(sandbox.ConnectionID, "other")
	syncAll(sandbox.ConnectionID)
	eventually(t, "the schedule of a connection no longer served is gone", func() bool {
		_, err := tc.ScheduleClient().GetHandle(ctx, workflows.ReconcileScheduleID("other")).Describe(ctx)
		var notFound *serviceerror.NotFound
		return errors.As(err, &notFound)
	})
	_, err = sandboxSchedule.Describe(ctx)
	require.NoError(t, err, "the served connection keeps its schedule")
}
