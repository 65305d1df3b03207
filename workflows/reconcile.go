package workflows

import (
	"errors"
	"slices"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

// Reconcile lists the connection's opportunities in the trigger stage, page
// by page, and starts the assessment of each that carries a test tag (its
// own or its posting's) and none of our status tags, as ApplicationCheck
// does: an assessment running, or ended well, is left alone, so a second
// run starts nothing new. A long list continues as new between pages. Its
// result and its log line hold counts only, no candidate data.
func Reconcile(ctx workflow.Context, in ReconcileInput) (ReconcileCounts, error) {
	logger := log.With(workflow.GetLogger(ctx), "connection", in.ConnectionID)
	progress := ReconcileProgress{}
	if in.Progress != nil {
		progress = *in.Progress
	} else {
		settings, err := readReconcileSettings(ctx, in.ConnectionID)
		if err != nil {
			return progress.Counts, err
		}
		progress.StageID = settings.TriggerStageID
		progress.ScoreBands, progress.PostingScoreBands = ScoreBandsOf(settings.ScoreBands, settings.PostingScoreBands)
	}
	for {
		if progress.Pages >= maxReconcilePages {
			return progress.Counts, temporal.NewNonRetryableApplicationError(
				"Lever's list of the trigger stage did not end", errTypeEndlessList, nil)
		}
		page, err := listStagePage(ctx, activities.StagePageInput{
			ConnectionID: in.ConnectionID, StageID: progress.StageID, Next: progress.Next,
		})
		if err != nil {
			return progress.Counts, err
		}
		progress.Pages++
		progress.Next = page.Next
		if err := startEligible(ctx, in, &progress, page.Opportunities); err != nil {
			return progress.Counts, err
		}
		if progress.Next == "" {
			logger.Info("reconciled the trigger stage", "listed", progress.Counts.Listed, "eligible", progress.Counts.Eligible,
				"started", progress.Counts.Started, "alreadyStarted", progress.Counts.AlreadyStarted)
			return progress.Counts, nil
		}
		if workflow.GetInfo(ctx).GetCurrentHistoryLength() > reconcileHistoryBound {
			in.Progress = &progress
			return progress.Counts, workflow.NewContinueAsNewError(ctx, ReconcileWorkflowName, in)
		}
	}
}

// maxReconcilePages stops a Lever that never ends its list: 1,000 pages of
// 100 is far beyond any trigger stage.
const maxReconcilePages = 1000

// reconcileHistoryBound: past this many events a run continues as new at its
// next page, far below Temporal's limits (a page of 100 starts adds some 300).
const reconcileHistoryBound = 5000

const errTypeEndlessList = "EndlessList"

// startEligible starts the assessments of the page's eligible opportunities,
// all at once, and counts them in progress.
func startEligible(ctx workflow.Context, in ReconcileInput, progress *ReconcileProgress, opps []activities.StageOpportunity) error {
	counts := &progress.Counts
	counts.Listed += len(opps)
	now := workflow.Now(ctx)
	var starts []workflow.Future
	for _, opp := range opps {
		if !eligible(opp) {
			continue
		}
		counts.Eligible++
		starts = append(starts, startAssessmentChild(ctx, AssessmentInput{
			ConnectionID: in.ConnectionID, OpportunityID: opp.OpportunityID, Trigger: TriggerReconciliation,
			// Listed in the stage just now: the assessment reads the
			// opportunity again and qualifies it by its stage.
			TriggerStageID: progress.StageID, EventTriggeredAt: now, Timing: in.Timing,
			ScoreBands: progress.ScoreBands, PostingScoreBands: progress.PostingScoreBands,
		}))
	}
	for _, start := range starts {
		err := start.Get(ctx, nil)
		switch {
		case alreadyStarted(err):
			counts.AlreadyStarted++
		case err != nil:
			return err
		default:
			counts.Started++
		}
	}
	return nil
}

// alreadyStarted: the start was refused, the assessment runs or ended well.
// The SDK's test environment reports it as the service's error, the SDK as
// its own.
func alreadyStarted(err error) bool {
	var child *temporal.ChildWorkflowExecutionAlreadyStartedError
	var service *serviceerror.WorkflowExecutionAlreadyStarted
	return errors.As(err, &child) || errors.As(err, &service)
}

// eligible: the opportunity, or failing that its posting, names a test, and
// the opportunity carries none of our status tags (invited, errored,
// expired: each says an assessment ran).
func eligible(opp activities.StageOpportunity) bool {
	for _, tag := range opp.Tags {
		if slices.Contains(statusTags, tag) {
			return false
		}
	}
	return len(activities.TestIDsFromTags(opp.Tags)) > 0 || len(activities.TestIDsFromTags(opp.PostingTags)) > 0
}

var statusTags = []string{TagInviteSent, TagError, TagExpired}

// Reconciliation's calls to Lever go after every live candidate's
// (activity_options.go's priorities), and give up on a run sooner than an
// assessment's do: the next run tries again.
const (
	priorityReconciliation   = 5
	reconcileScheduleToClose = 30 * time.Minute
)

func readReconcileSettings(ctx workflow.Context, connectionID string) (activities.ReconcileSettings, error) {
	var a *activities.Activities
	var settings activities.ReconcileSettings
	err := workflow.ExecuteActivity(withReconcileActivities(ctx, workflow.GetInfo(ctx).TaskQueueName), a.ReadReconcileSettings, connectionID).Get(ctx, &settings)
	return settings, err
}

func listStagePage(ctx workflow.Context, in activities.StagePageInput) (activities.StagePage, error) {
	var a *activities.Activities
	var page activities.StagePage
	err := workflow.ExecuteActivity(withReconcileActivities(ctx, LeverTaskQueue(in.ConnectionID)), a.ListStagePage, in).Get(ctx, &page)
	return page, err
}

// withReconcileActivities: the API activity options, on taskQueue, at the
// reconciliation's priority and bound.
func withReconcileActivities(ctx workflow.Context, taskQueue string) workflow.Context {
	opts := apiActivityOptions(ctx)
	opts.TaskQueue = taskQueue
	opts.Priority = temporal.Priority{PriorityKey: priorityReconciliation}
	opts.StartToCloseTimeout = 2 * time.Minute
	opts.ScheduleToCloseTimeout = reconcileScheduleToClose
	return workflow.WithActivityOptions(ctx, opts)
}
