package workflows

import (
	"slices"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// invite starts one TestInvitation child per test that needs one: each is
// tracked (and can be signalled) on its own. A test whose child runs or has
// finished is left alone, so a retry never invites twice; a failed test that
// is no longer tagged is dropped, so it cannot fail the assessment.
func (w *candidateAssessment) invite(ctx workflow.Context, testIDs []string) {
	w.status.Tests = slices.DeleteFunc(w.status.Tests, func(t TestStatus) bool {
		return t.State == StateError && !w.running[t.TestID] && !slices.Contains(testIDs, t.TestID)
	})
	setIdentity(ctx, w.logger, w.in.ConnectionID, w.in.OpportunityID, testIDs)
	for _, testID := range testIDs {
		if w.needsInvite(testID) {
			w.startChild(ctx, testID)
		}
	}
	w.moveTo(ctx, w.underWay(), "")
}

// underWay is the state of an assessment whose tests are under way:
// Inviting while a test's invite is still being sent, then AwaitingResult.
func (w *candidateAssessment) underWay() State {
	for _, t := range w.status.Tests {
		if w.running[t.TestID] && t.State == StateInviting {
			return StateInviting
		}
	}
	return StateAwaitingResult
}

// followTests keeps the state of an assessment under way (not parked, not
// ending) in step with its tests, as they report. A test that reports its
// end changes nothing here: its result, which follows, decides.
func (w *candidateAssessment) followTests(ctx workflow.Context) {
	under := w.status.State == StateInviting || w.status.State == StateAwaitingResult
	if w.parked || w.verdict != nil || !under || !w.anyTestUnderWay() {
		w.showDetails(ctx)
		return
	}
	w.moveTo(ctx, w.underWay(), "")
}

// anyTestUnderWay: a running test is inviting or waiting for its result.
func (w *candidateAssessment) anyTestUnderWay() bool {
	return slices.ContainsFunc(w.status.Tests, func(t TestStatus) bool {
		return w.running[t.TestID] && (t.State == StateInviting || t.State == StateAwaitingResult)
	})
}

// needsInvite: the test has no child yet, or its child failed.
func (w *candidateAssessment) needsInvite(testID string) bool {
	i := w.testIndex(testID)
	return i < 0 || (w.status.Tests[i].State == StateError && !w.running[testID])
}

// startChild starts a test's TestInvitation. Its id is the test's, so a
// retry reuses the id of the child that failed (ALLOW_DUPLICATE).
func (w *candidateAssessment) startChild(ctx workflow.Context, testID string) {
	w.setTest(ctx, TestStatus{TestID: testID, State: StateInviting})
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:            TestInvitationWorkflowID(w.in.ConnectionID, w.in.OpportunityID, testID),
		WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		StaticSummary:         testID + " for " + w.status.CandidateName,
		TypedSearchAttributes: temporal.NewSearchAttributes(
			SearchAttrStatus.ValueSet(string(StateInviting)),
			SearchAttrConnection.ValueSet(w.in.ConnectionID),
			SearchAttrOpportunity.ValueSet(w.in.OpportunityID),
			SearchAttrTestIDs.ValueSet([]string{testID}),
		),
	})
	child := workflow.ExecuteChildWorkflow(cctx, TestInvitationWorkflowName,
		TestInvitationInput{OpportunityRef: w.ref, TestID: testID, Timing: w.timing,
			Candidate: w.candidate, EarlierRun: w.earlierRun, ScoreBands: chooseScoreBands(w.in, w.status.PostingID)})
	w.running[testID] = true
	w.events.AddFuture(child, func(f workflow.Future) { w.childDone(ctx, testID, f) })
}

// childDone takes in a finished child's status; a failed test parks the
// assessment. The child tagged and noted its own failure; a child that
// crashed or was terminated could not, so that is noted here.
func (w *candidateAssessment) childDone(ctx workflow.Context, testID string, f workflow.Future) {
	delete(w.running, testID)
	var result TestStatus
	err := f.Get(ctx, &result)
	if ctx.Err() != nil {
		// Cancelled with this run (the connection was disabled): no fault.
		w.logger.Info("test invitation stopped with the assessment", "test", testID, "error", err)
		return
	}
	note := ""
	if err != nil {
		w.logger.Error("test invitation stopped", "test", testID, "error", err)
		result = TestStatus{TestID: testID, State: StateError, Reason: "the test invitation stopped: " + err.Error()}
		note = inviteFailedNote(testID, "The invite stopped unexpectedly; ask support to look at it.")
	}
	w.setTest(ctx, result)
	if result.State == StateError {
		w.park(ctx, testID+": "+result.Reason, note)
		return
	}
	w.event(ctx, testEventText(result))
	w.followTests(ctx)
}

// testStatusReported takes in a running child's report of its state, so the
// status query shows the invite and its dates while the child waits. A
// report from a child already finished is stale: its result has the last
// word.
func (w *candidateAssessment) testStatusReported(ctx workflow.Context, s TestStatus) {
	if !w.running[s.TestID] {
		return
	}
	previous := w.status.Tests[w.testIndex(s.TestID)].State
	w.setTest(ctx, s)
	if s.State != previous {
		w.event(ctx, testEventText(s))
	}
	w.followTests(ctx)
}

// setTest records a test's status, and its invite id for CJInviteIds.
func (w *candidateAssessment) setTest(ctx workflow.Context, s TestStatus) {
	if i := w.testIndex(s.TestID); i >= 0 {
		w.status.Tests[i] = s
	} else {
		w.status.Tests = append(w.status.Tests, s)
	}
	if s.InviteID != "" && !slices.Contains(w.inviteIDs, s.InviteID) {
		w.inviteIDs = append(w.inviteIDs, s.InviteID)
		upsertAttributes(ctx, w.logger, SearchAttrInviteIDs.ValueSet(w.inviteIDs))
	}
}

func (w *candidateAssessment) testIndex(testID string) int {
	return slices.IndexFunc(w.status.Tests, func(t TestStatus) bool { return t.TestID == testID })
}

// forwardArchived passes Lever's archiving of the opportunity to every
// running child, which cancels its open invite. A parked assessment with
// nothing running has nothing to cancel: it ends Cancelled.
func (w *candidateAssessment) forwardArchived(ctx workflow.Context) {
	w.logger.Info("the opportunity was archived in Lever")
	w.event(ctx, "the opportunity was archived in Lever")
	for _, t := range w.status.Tests {
		if !w.running[t.TestID] {
			continue
		}
		childID := TestInvitationWorkflowID(w.in.ConnectionID, w.in.OpportunityID, t.TestID)
		if err := workflow.SignalExternalWorkflow(ctx, childID, "", OpportunityArchivedSignal, nil).Get(ctx, nil); err != nil {
			w.logger.Warn("could not tell a test invitation of the archiving", "test", t.TestID, "error", err)
		}
	}
	if w.parked && len(w.running) == 0 {
		w.unpark()
		w.verdict = &ending{state: StateCancelled, reason: "the opportunity was archived in Lever"}
	}
}
