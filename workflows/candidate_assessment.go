package workflows

import (
	"fmt"
	"strings"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// ErrTypeAssessmentFailed is the type of the error a CandidateAssessment ends
// with when it tagged "CJ Error": the run shows as Failed in the Temporal UI,
// and a later stage change may start the assessment afresh.
const ErrTypeAssessmentFailed = "AssessmentFailed"

// CandidateAssessment is started for a stage change into the trigger stage. It
// reads the opportunity, finds its Codejudge tests (on the opportunity, else
// on its posting) and runs one TestInvitation child per test.
func CandidateAssessment(ctx workflow.Context, in AssessmentInput) (AssessmentStatus, error) {
	timing := in.Timing.withDefaults()
	status := AssessmentStatus{ConnectionID: in.ConnectionID, OpportunityID: in.OpportunityID, State: StateResolving}
	if err := workflow.SetQueryHandler(ctx, StatusQuery, func() (AssessmentStatus, error) { return status, nil }); err != nil {
		return status, err
	}
	setIdentity(ctx, in.ConnectionID, in.OpportunityID, nil)
	setState(ctx, StateResolving)

	ref := OpportunityRef{ConnectionID: in.ConnectionID, OpportunityID: in.OpportunityID}
	actx := withAPIActivities(ctx)

	var opp Opportunity
	if err := workflow.ExecuteActivity(actx, ReadOpportunityActivity, ref).Get(ctx, &opp); err != nil {
		// Without the opportunity there is nothing to tag or note.
		return finish(ctx, &status, StateError, "could not read the opportunity: "+recruiterReason(err))
	}
	status.CandidateName = opp.Name

	testIDs, source := TestIDsFromTags(opp.Tags), "opportunity"
	if len(testIDs) == 0 {
		testIDs, source = TestIDsFromTags(opp.PostingTags), "posting"
	}
	status.TestSource = source
	if len(testIDs) == 0 {
		return failWithNote(ctx, actx, ref, &status, noTestTagNote(opp.PostingName), "no Codejudge test tag on the opportunity or its posting")
	}
	if !opp.HasEmail {
		return failWithNote(ctx, actx, ref, &status, noEmailNote(), "the candidate has no email address")
	}

	setIdentity(ctx, in.ConnectionID, in.OpportunityID, testIDs)
	status.State = StateAwaitingResult
	setState(ctx, StateAwaitingResult)
	status.Tests = runTestInvitations(ctx, in, timing, testIDs, &status)
	return finish(ctx, &status, overallState(status.Tests), summarize(status.Tests))
}

// runTestInvitations starts one child per test, so each is tracked (and can be
// signalled) on its own, and waits for all of them.
func runTestInvitations(ctx workflow.Context, in AssessmentInput, timing Timing, testIDs []string, status *AssessmentStatus) []TestStatus {
	futures := make([]workflow.ChildWorkflowFuture, len(testIDs))
	status.Tests = make([]TestStatus, len(testIDs))
	for i, testID := range testIDs {
		status.Tests[i] = TestStatus{TestID: testID, State: StateInviting}
		cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
			WorkflowID: TestInvitationWorkflowID(in.ConnectionID, in.OpportunityID, testID),
			TypedSearchAttributes: temporal.NewSearchAttributes(
				SearchAttrStatus.ValueSet(string(StateInviting)),
				SearchAttrConnection.ValueSet(in.ConnectionID),
				SearchAttrOpportunity.ValueSet(in.OpportunityID),
				SearchAttrTestIDs.ValueSet([]string{testID}),
			),
		})
		futures[i] = workflow.ExecuteChildWorkflow(cctx, TestInvitationWorkflowName, TestInvitationInput{
			OpportunityRef: OpportunityRef{ConnectionID: in.ConnectionID, OpportunityID: in.OpportunityID},
			TestID:         testID,
			Timing:         timing,
		})
	}
	results := make([]TestStatus, len(testIDs))
	for i, f := range futures {
		if err := f.Get(ctx, &results[i]); err != nil {
			// The child notes its own business errors and returns a status; an
			// error here means it crashed or was terminated.
			results[i] = TestStatus{TestID: testIDs[i], State: StateError, Reason: "the test invitation stopped: " + err.Error()}
		}
		status.Tests[i] = results[i]
	}
	return results
}

// overallState: any error is an error; otherwise any unfinished test makes the
// whole NotFinished.
func overallState(tests []TestStatus) State {
	state := StateCompleted
	for _, t := range tests {
		switch t.State {
		case StateError:
			return StateError
		case StateNotFinished:
			state = StateNotFinished
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

// failWithNote tags CJ Error, notes why, and ends the workflow as failed.
func failWithNote(ctx, actx workflow.Context, ref OpportunityRef, status *AssessmentStatus, note, reason string) (AssessmentStatus, error) {
	if err := reportError(actx, ref, note); err != nil {
		reason += "; and the CJ Error tag or note could not be written: " + recruiterReason(err)
	}
	return finish(ctx, status, StateError, reason)
}

// finish records the final state. An Error state ends the run as failed (with
// a non-retryable error) so it stands out in the UI and can be re-triggered.
func finish(ctx workflow.Context, status *AssessmentStatus, state State, reason string) (AssessmentStatus, error) {
	status.State, status.Reason = state, reason
	setState(ctx, state)
	if state == StateError {
		return *status, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("assessment for opportunity %s failed: %s", status.OpportunityID, reason),
			ErrTypeAssessmentFailed, nil, *status)
	}
	return *status, nil
}
