package workflows

import (
	"fmt"
	"strings"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

// candidateAssessment is one CandidateAssessment run: the opportunity it is
// about, the status its query reports, and a logger tagged with both.
type candidateAssessment struct {
	in     AssessmentInput
	ref    activities.OpportunityRef
	status AssessmentStatus
	logger log.Logger
	// earlierRun: the opportunity carries our tags, so an earlier run wrote
	// to it and may have written the notes this run would.
	earlierRun bool
}

// CandidateAssessment is started for a stage change into the trigger stage. It
// reads the opportunity, finds its Codejudge tests (on the opportunity, else
// on its posting) and runs one TestInvitation child per test.
func CandidateAssessment(ctx workflow.Context, in AssessmentInput) (AssessmentStatus, error) {
	w := &candidateAssessment{
		in:     in,
		ref:    activities.OpportunityRef{ConnectionID: in.ConnectionID, OpportunityID: in.OpportunityID},
		status: AssessmentStatus{ConnectionID: in.ConnectionID, OpportunityID: in.OpportunityID, State: StateResolving},
		logger: log.With(workflow.GetLogger(ctx), "connection", in.ConnectionID, "opportunity", in.OpportunityID),
	}
	if err := workflow.SetQueryHandler(ctx, StatusQuery, func() (AssessmentStatus, error) { return w.status, nil }); err != nil {
		return w.status, err
	}
	ctx = withWaitingReport(ctx, func(waiting string) { w.status.Waiting = waiting })
	setIdentity(ctx, w.logger, in.ConnectionID, in.OpportunityID, nil)
	setState(ctx, w.logger, StateResolving)

	opp, err := readOpportunity(ctx, w.ref)
	if temporal.IsCanceledError(err) {
		// Cancelled while waiting, e.g. for Lever to be re-authorised.
		return w.status, temporal.NewCanceledError("the assessment was cancelled")
	}
	if err != nil {
		// Without the opportunity there is nothing to tag or note.
		return w.finish(ctx, StateError, "could not read the opportunity: "+recruiterReason(err))
	}
	if ok, reason := qualifies(opp, w.in.TriggerStageID, w.in.EventTriggeredAt); !ok {
		// Nothing was sent, so nothing is tagged or noted in Lever.
		return w.finish(ctx, StateSkipped, reason)
	}
	w.status.CandidateName = opp.Name
	w.earlierRun = hasTag(opp.Tags, TagInviteSent) || hasTag(opp.Tags, TagError)
	testIDs := w.findTests(opp)
	if len(testIDs) == 0 {
		return w.finish(ctx, StateError, reportError(ctx, w.ref, noTestTagNote(opp.PostingName),
			"no Codejudge test tag on the opportunity or its posting", w.earlierRun))
	}
	if !opp.HasEmail {
		return w.finish(ctx, StateError, reportError(ctx, w.ref, noEmailNote(), "the candidate has no email address", w.earlierRun))
	}
	w.runTestInvitations(ctx, testIDs, activities.Candidate{Name: opp.Name, Email: opp.Email})
	if ctx.Err() != nil {
		return w.status, temporal.NewCanceledError("the assessment was cancelled")
	}
	return w.finish(ctx, overallState(w.status.Tests), summarize(w.status.Tests))
}

// findTests returns the test ids tagged on the opportunity or, failing that,
// on its posting, and records which it was.
func (w *candidateAssessment) findTests(opp activities.Opportunity) []string {
	testIDs, source := activities.TestIDsFromTags(opp.Tags), "opportunity"
	if len(testIDs) == 0 {
		testIDs, source = activities.TestIDsFromTags(opp.PostingTags), "posting"
	}
	w.status.TestSource = source
	return testIDs
}

// runTestInvitations starts one child per test, so each is tracked (and can be
// signalled) on its own, and waits for all of them.
func (w *candidateAssessment) runTestInvitations(ctx workflow.Context, testIDs []string, candidate activities.Candidate) {
	setIdentity(ctx, w.logger, w.in.ConnectionID, w.in.OpportunityID, testIDs)
	w.status.State = StateAwaitingResult
	setState(ctx, w.logger, StateAwaitingResult)

	timing := w.in.Timing.withDefaults()
	futures := make([]workflow.ChildWorkflowFuture, len(testIDs))
	w.status.Tests = make([]TestStatus, len(testIDs))
	for i, testID := range testIDs {
		w.status.Tests[i] = TestStatus{TestID: testID, State: StateInviting}
		cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
			WorkflowID: TestInvitationWorkflowID(w.in.ConnectionID, w.in.OpportunityID, testID),
			TypedSearchAttributes: temporal.NewSearchAttributes(
				SearchAttrStatus.ValueSet(string(StateInviting)),
				SearchAttrConnection.ValueSet(w.in.ConnectionID),
				SearchAttrOpportunity.ValueSet(w.in.OpportunityID),
				SearchAttrTestIDs.ValueSet([]string{testID}),
			),
		})
		futures[i] = workflow.ExecuteChildWorkflow(cctx, TestInvitationWorkflowName,
			TestInvitationInput{OpportunityRef: w.ref, TestID: testID, Timing: timing,
				Candidate: candidate, EarlierRun: w.earlierRun})
	}
	for i, f := range futures {
		var result TestStatus
		if err := f.Get(ctx, &result); err != nil {
			// The child notes its own business errors and returns a status; an
			// error here means it crashed or was terminated, or was cancelled
			// with this run (the connection was disabled), which is no fault.
			logStopped := w.logger.Error
			if temporal.IsCanceledError(err) {
				logStopped = w.logger.Info
			}
			logStopped("test invitation stopped", "test", testIDs[i], "error", err)
			result = TestStatus{TestID: testIDs[i], State: StateError, Reason: "the test invitation stopped: " + err.Error()}
		}
		w.status.Tests[i] = result
	}
}

// finish records the final state. An Error state ends the run as failed (with
// a non-retryable error) so it stands out in the UI and can be re-triggered.
// So does Skipped: the workflow id reuse policy lets only a failed run be
// started again, and a skipped opportunity that a recruiter later moves into
// the trigger stage must get its assessment.
func (w *candidateAssessment) finish(ctx workflow.Context, state State, reason string) (AssessmentStatus, error) {
	w.status.State, w.status.Reason = state, reason
	setState(ctx, w.logger, state)
	switch state {
	case StateError:
		return w.status, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("assessment for opportunity %s failed: %s", w.status.OpportunityID, reason),
			ErrTypeAssessmentFailed, nil, w.status)
	case StateSkipped:
		return w.status, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("assessment for opportunity %s skipped, nothing was sent: %s", w.status.OpportunityID, reason),
			ErrTypeAssessmentSkipped, nil, w.status)
	}
	return w.status, nil
}

// overallState: any error is an error; otherwise a test that did not finish
// (NotFinished, Expired or Cancelled) gives the whole its state.
func overallState(tests []TestStatus) State {
	state := StateCompleted
	for _, t := range tests {
		switch t.State {
		case StateError:
			return StateError
		case StateNotFinished, StateExpired, StateCancelled:
			state = t.State
		}
	}
	return state
}

func summarize(tests []TestStatus) string {
	var parts []string
	for _, t := range tests {
		if t.Reason != "" {
			parts = append(parts, t.TestID+": "+t.Reason)
		}
	}
	return strings.Join(parts, "; ")
}

// hasTag reports whether tags hold tag; Lever compares tags without case.
func hasTag(tags []string, tag string) bool {
	for _, t := range tags {
		if strings.EqualFold(strings.TrimSpace(t), tag) {
			return true
		}
	}
	return false
}
