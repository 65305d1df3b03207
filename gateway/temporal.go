package gateway

import (
	"context"
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/cjlever/cjlever/readiness"
	"github.com/cjlever/cjlever/workflows"
)

// Default deadlines for calls to Temporal. A webhook sender waits for our
// answer, and Lever gives up on a slow one: better to answer 503 in time and
// let it retry than to hang.
const DefaultTemporalCallTimeout = 10 * time.Second

// temporalWorkflows is Workflows over a Temporal client.
type temporalWorkflows struct {
	client client.Client
	// callTimeout bounds each start and signal; tests in this package
	// shorten it.
	callTimeout time.Duration
}

// NewTemporalWorkflows returns the Workflows the gateway uses in production.
func NewTemporalWorkflows(c client.Client) Workflows {
	return &temporalWorkflows{client: c, callTimeout: DefaultTemporalCallTimeout}
}

// AssessmentStartOptions are the start options of a CandidateAssessment and
// its workflow type. Exported so that `cjlever bench` can time bare starts
// with exactly the gateway's options.
//
// The id is deterministic per connection and opportunity, so a redelivered
// webhook cannot start a second assessment: the conflict policy refuses it
// while one runs, and the reuse policy refuses it after one succeeded. A
// failed one (e.g. CJ Error for a missing tag) may be re-triggered by moving
// the candidate again once the cause is fixed.
//
// applicationCreated starts an ApplicationCheck under its own id instead: it
// learns the new opportunity's stage and starts the assessment only when the
// opportunity is in the trigger stage, leaving the assessment id free.
//
// Only an assessment starts with CJStatus Queued: an ApplicationCheck that
// skips the application never updates it, and would match every search for
// queued assessments.
func AssessmentStartOptions(in workflows.AssessmentInput) (client.StartWorkflowOptions, string) {
	workflowType, id := in.StartWorkflow()
	attrs := []temporal.SearchAttributeUpdate{
		workflows.SearchAttrConnection.ValueSet(in.ConnectionID),
		workflows.SearchAttrOpportunity.ValueSet(in.OpportunityID),
	}
	if workflowType == workflows.CandidateAssessmentWorkflowName {
		attrs = append(attrs, workflows.SearchAttrStatus.ValueSet(string(workflows.StateQueued)))
	}
	return client.StartWorkflowOptions{
		ID:                                       id,
		TaskQueue:                                workflows.TaskQueue,
		WorkflowIDReusePolicy:                    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY,
		WorkflowIDConflictPolicy:                 enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
		WorkflowExecutionErrorWhenAlreadyStarted: true,
		TypedSearchAttributes:                    temporal.NewSearchAttributes(attrs...),
		StaticSummary:                            fmt.Sprintf("Codejudge assessment for opportunity %s (%s)", in.OpportunityID, in.Trigger),
	}, workflowType
}

// StartAssessment implements Workflows. The claim and the start go to
// Temporal at once: each is a durable write, and one after the other they
// were the better part of a webhook's acknowledgement. What is done
// depends on the claim's answer. A run that a replayed token started is
// terminated at once; it could have done nothing meanwhile but read the
// opportunity, and even without the termination (a gateway that dies in
// between) an assessment acts only when Lever's own record backs the event
// (workflows.qualifies). A running assessment is signalled only once the
// claim is known to be fresh.
func (t *temporalWorkflows) StartAssessment(ctx context.Context, in workflows.AssessmentInput, claim DeliveryClaim) (StartResult, error) {
	ctx, cancel := context.WithTimeout(ctx, t.callTimeout)
	defer cancel()
	type claimAnswer struct {
		fresh bool
		err   error
	}
	claimed := make(chan claimAnswer, 1)
	go func() {
		fresh, err := t.ClaimDelivery(ctx, in.ConnectionID, claim.Token, claim.Until)
		claimed <- claimAnswer{fresh, err}
	}()
	opts, workflowType := AssessmentStartOptions(in)
	run, startErr := t.client.ExecuteWorkflow(ctx, opts, workflowType, in)
	answer := <-claimed
	switch {
	case answer.err != nil:
		// Not acknowledged: Lever delivers again with a new token, and a
		// run started now is found as a duplicate then.
		return "", answer.err
	case !answer.fresh && startErr == nil:
		err := t.client.TerminateWorkflow(ctx, run.GetID(), run.GetRunID(), "started by a replayed Lever delivery")
		if err != nil {
			err = fmt.Errorf("terminating %s, started by a replayed delivery: %w", run.GetID(), err)
		}
		return Replayed, err
	case !answer.fresh:
		return Replayed, nil
	case startErr == nil:
		return Started, nil
	}
	if _, dup := errors.AsType[*serviceerror.WorkflowExecutionAlreadyStarted](startErr); dup {
		if workflowType != workflows.CandidateAssessmentWorkflowName {
			return Duplicate, nil
		}
		// A recruiter moved the candidate into the trigger stage again: a
		// parked assessment retries. One that has closed needs no news.
		running, err := t.signalAssessment(ctx, opts.ID, workflows.StageChangeAgainSignal, in)
		if running {
			return Signalled, err
		}
		return Duplicate, err
	}
	// Anything else, a timeout included, may or may not have been recorded:
	// the sender's retry will either start it or find the duplicate.
	return "", fmt.Errorf("%w: starting %s: %w", ErrTemporalUnavailable, workflowType, startErr)
}

// signalAssessment signals a CandidateAssessment's current run; running=false
// when none runs.
func (t *temporalWorkflows) signalAssessment(ctx context.Context, id, signal string, arg any) (running bool, err error) {
	err = t.client.SignalWorkflow(ctx, id, "", signal, arg)
	switch {
	case err == nil:
		return true, nil
	case isNotFound(err):
		return false, nil
	}
	return false, fmt.Errorf("%w: signalling %s %s: %w", ErrTemporalUnavailable, workflows.CandidateAssessmentWorkflowName, signal, err)
}

// SignalOpportunityArchived implements Workflows.
func (t *temporalWorkflows) SignalOpportunityArchived(ctx context.Context, connectionID, opportunityID string) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, t.callTimeout)
	defer cancel()
	return t.signalAssessment(ctx, workflows.AssessmentWorkflowID(connectionID, opportunityID), workflows.OpportunityArchivedSignal, nil)
}

// ClaimDelivery implements Workflows: it starts the token's DeliveryToken
// workflow, delayed until the given time; while it waits or runs, Temporal
// refuses a second start under the same id.
func (t *temporalWorkflows) ClaimDelivery(ctx context.Context, connectionID, token string, until time.Time) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, t.callTimeout)
	defer cancel()
	opts := client.StartWorkflowOptions{
		ID:                                       workflows.DeliveryTokenWorkflowID(connectionID, token),
		TaskQueue:                                workflows.TaskQueue,
		WorkflowIDReusePolicy:                    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowIDConflictPolicy:                 enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
		WorkflowExecutionErrorWhenAlreadyStarted: true,
		TypedSearchAttributes:                    temporal.NewSearchAttributes(workflows.SearchAttrConnection.ValueSet(connectionID)),
		StaticSummary:                            "Lever delivery token, held against replays until " + until.UTC().Format(time.RFC3339),
		// Nothing need run before then: a delayed start holds the id without
		// a workflow task on the worker while webhooks arrive.
		StartDelay: max(time.Until(until), 0),
	}
	_, err := t.client.ExecuteWorkflow(ctx, opts, workflows.DeliveryTokenWorkflowName,
		workflows.DeliveryTokenInput{ConnectionID: connectionID, Until: until})
	if err == nil {
		return true, nil
	}
	if _, dup := errors.AsType[*serviceerror.WorkflowExecutionAlreadyStarted](err); dup {
		return false, nil
	}
	return false, fmt.Errorf("%w: recording the delivery token: %w", ErrTemporalUnavailable, err)
}

// SignalInviteFinished implements Workflows.
func (t *temporalWorkflows) SignalInviteFinished(ctx context.Context, connectionID, opportunityID, testID string, sig workflows.InviteFinished) error {
	ctx, cancel := context.WithTimeout(ctx, t.callTimeout)
	defer cancel()
	id := workflows.TestInvitationWorkflowID(connectionID, opportunityID, testID)
	// An empty run id addresses the current run.
	err := t.client.SignalWorkflow(ctx, id, "", workflows.InviteFinishedSignal, sig)
	if err == nil {
		return nil
	}
	// NotFound: no such workflow, or it has already closed.
	if isNotFound(err) {
		return t.whyNotRunning(ctx, id, err)
	}
	return fmt.Errorf("%w: signalling %s: %w", ErrTemporalUnavailable, workflows.TestInvitationWorkflowName, err)
}

// whyNotRunning tells a closed TestInvitation (ErrInviteDone) from one that
// never existed (ErrUnknownInvite).
func (t *temporalWorkflows) whyNotRunning(ctx context.Context, id string, signalErr error) error {
	_, err := t.client.DescribeWorkflowExecution(ctx, id, "")
	switch {
	case err == nil:
		return fmt.Errorf("%w: %w", ErrInviteDone, signalErr)
	case isNotFound(err):
		return fmt.Errorf("%w: %w", ErrUnknownInvite, signalErr)
	}
	return fmt.Errorf("%w: describing %s: %w", ErrTemporalUnavailable, workflows.TestInvitationWorkflowName, err)
}

func isNotFound(err error) bool {
	_, nf := errors.AsType[*serviceerror.NotFound](err)
	return nf
}

// Ready implements Workflows with readiness.Check (Temporal can dispatch a
// workflow task), bounded by ctx: the router's /readyz gives it
// readiness.Timeout.
func (t *temporalWorkflows) Ready(ctx context.Context) error {
	if err := readiness.Check(ctx, t.client); err != nil {
		return fmt.Errorf("%w: %w", ErrTemporalUnavailable, err)
	}
	return nil
}
