package workflows

import (
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

// candidateAssessment is one CandidateAssessment run: the opportunity it is
// about, the status its query reports, a logger tagged with both, and what
// its loop (assessment_loop.go) waits on.
type candidateAssessment struct {
	in     AssessmentInput
	timing Timing
	ref    activities.OpportunityRef
	status AssessmentStatus
	logger log.Logger
	// earlierRun: the opportunity carries our tags, so an earlier run wrote
	// to it and may have written the notes this run would.
	earlierRun bool
	candidate  activities.Candidate
	// events: child completions, signals, ops decisions, the attention timer.
	events workflow.Selector
	// running holds the tests whose TestInvitation child has not finished.
	running map[string]bool
	// parked: NeedsAttention, waiting for an ops decision.
	parked bool
	// decisions carries accepted ops Updates from their handlers to the loop;
	// deciding: one was accepted and is not yet carried out.
	decisions workflow.Channel
	deciding  bool
	// stopAttention cancels the attention timer while parked.
	stopAttention workflow.CancelFunc
	// verdict, once set, is how the assessment ends when nothing runs any more.
	verdict *ending
	// inviteIDs are the invites the children reported (CJInviteIds).
	inviteIDs []string
}

// ending is a final state and why.
type ending struct {
	state  State
	reason string
}

// CandidateAssessment is started for a stage change into the trigger stage. It
// reads the opportunity, finds its Codejudge tests (on the opportunity, else
// on its posting) and runs one TestInvitation child per test. A problem a
// person can fix parks it in NeedsAttention until ops retry or dismiss it
// (assessment_ops.go); it ends when every child has finished and nothing is
// parked.
func CandidateAssessment(ctx workflow.Context, in AssessmentInput) (AssessmentStatus, error) {
	w := &candidateAssessment{
		in:        in,
		timing:    in.Timing.withDefaults(),
		ref:       activities.OpportunityRef{ConnectionID: in.ConnectionID, OpportunityID: in.OpportunityID},
		status:    AssessmentStatus{ConnectionID: in.ConnectionID, OpportunityID: in.OpportunityID, State: StateQueued},
		logger:    log.With(workflow.GetLogger(ctx), "connection", in.ConnectionID, "opportunity", in.OpportunityID),
		running:   map[string]bool{},
		decisions: workflow.NewChannel(ctx),
	}
	if err := w.handleQueryAndUpdates(ctx); err != nil {
		return w.status, err
	}
	ctx = withWaitingReport(withStepBound(ctx, w.timing.OutageBound), func(waiting string) {
		w.status.Waiting = waiting
		if waiting == "" {
			w.showDetails(ctx)
		}
	})
	setIdentity(ctx, w.logger, in.ConnectionID, in.OpportunityID, nil)
	w.listen(ctx)
	w.moveTo(ctx, StateResolving, "")
	w.attempt(ctx, true)
	w.loop(ctx)
	return w.end(ctx)
}

// attempt reads the opportunity, checks it still qualifies, finds its tests
// and invites the candidate to each that needs it; it parks on a problem a
// person can fix. first: the run's first attempt, whose opportunity may not
// qualify (Skipped); a retry that finds it no longer qualifies leaves the
// running tests be.
func (w *candidateAssessment) attempt(ctx workflow.Context, first bool) {
	opp, err := readOpportunity(ctx, w.ref)
	if temporal.IsCanceledError(err) {
		return // the loop ends on the cancellation
	}
	if err != nil {
		// Without the opportunity there is nothing to tag or note.
		w.park(ctx, "could not read the opportunity: "+recruiterReason(err), "")
		return
	}
	if ok, reason := qualifies(opp, w.in.TriggerStageID, w.in.EventTriggeredAt); !ok {
		w.skip(ctx, reason, first)
		return
	}
	w.learn(ctx, opp)
	testIDs := w.findTests(opp)
	if len(testIDs) == 0 {
		w.park(ctx, "no Codejudge test tag on the opportunity or its posting", noTestTagNote(opp.PostingName))
		return
	}
	if !opp.HasEmail {
		w.park(ctx, "the candidate has no email address", noEmailNote())
		return
	}
	w.invite(ctx, testIDs)
}

// skip ends an assessment whose opportunity does not qualify, and tells why:
// nothing was sent, so nothing is tagged or noted in Lever. Tests already
// under way keep running.
func (w *candidateAssessment) skip(ctx workflow.Context, reason string, first bool) {
	if first || len(w.running) == 0 {
		w.verdict = &ending{state: StateSkipped, reason: reason}
		return
	}
	w.logger.Info("the retry found the opportunity no longer qualifies; nothing new is sent", "reason", reason)
	w.event(ctx, "retry: nothing new sent: "+reason)
	w.moveTo(ctx, w.underWay(), "")
}

// learn records what the opportunity says about whom the assessment is for.
func (w *candidateAssessment) learn(ctx workflow.Context, opp activities.Opportunity) {
	w.status.CandidateName = opp.Name
	w.candidate = activities.Candidate{Name: opp.Name, Email: opp.Email}
	w.earlierRun = w.earlierRun || hasTag(opp.Tags, TagInviteSent) || hasTag(opp.Tags, TagError)
	if opp.PostingID != "" && opp.PostingID != w.status.PostingID {
		w.status.PostingID = opp.PostingID
		upsertAttributes(ctx, w.logger, SearchAttrPosting.ValueSet(opp.PostingID))
	}
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
