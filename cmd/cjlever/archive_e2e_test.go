//go:build !nodev

package main

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

// An opportunity archived in Lever while its invite is open: Lever sends
// candidateArchiveChange, the gateway forwards it to the assessment, which
// passes it to its test invitation; the invite is cancelled in Codejudge and
// the cancel is noted on the opportunity.
func TestArchiveCancelsTheOpenInvite(t *testing.T) {
	env := startTestDev(t)
	ctx := context.Background()
	tc := temporalClient(t, env)
	sc, opp, _ := applyOnSandboxPosting(t, env, "Ada Lovelace", "ada@example.com")
	require.NoError(t, sc.move(ctx, opp.ID, sandbox.AssessmentStage))
	var invites []codejudge.Invite
	var err error
	eventually(t, "the invite is out", func() bool {
		invites, err = sc.codejudge.ListInvites(ctx, codejudge.InviteFilter{ExternalID: opp.ID})
		return err == nil && len(invites) == 1
	})

	eventually(t, "the invite id finds the assessment and its test invitation", func() bool {
		res, err := tc.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
			Query: fmt.Sprintf("CJInviteIds = '%s'", invites[0].ID)})
		return err == nil && len(res.Executions) == 2
	})
	require.NoError(t, sc.archive(ctx, opp.ID, "Withdrew"))

	eventually(t, "the invite is cancelled in Codejudge", func() bool {
		inv, err := sc.codejudge.GetInvite(ctx, invites[0].ID)
		return err == nil && inv.Status == codejudge.StatusCancelled
	})
	eventually(t, "the cancel is noted in Lever", func() bool {
		notes, err := sc.lever.ListNotes(ctx, opp.ID)
		return err == nil && anyNote(notes, "the opportunity was archived in Lever, so the invite to")
	})
	var status workflows.TestStatus
	run := tc.GetWorkflow(ctx, workflows.TestInvitationWorkflowID(sandbox.ConnectionID, opp.ID, "CJ-81519"), "")
	require.NoError(t, run.Get(ctx, &status))
	require.Equal(t, workflows.StateCancelled, status.State)

	assessmentID := workflows.AssessmentWorkflowID(sandbox.ConnectionID, opp.ID)
	var overall workflows.AssessmentStatus
	require.NoError(t, tc.GetWorkflow(ctx, assessmentID, "").Get(ctx, &overall))
	require.Equal(t, workflows.StateCancelled, overall.State)
	recordHistory(t, tc, env.codec, assessmentID, "candidate_assessment_archived")
	recordHistory(t, tc, env.codec, workflows.TestInvitationWorkflowID(sandbox.ConnectionID, opp.ID, "CJ-81519"), "test_invitation_archived")
}
