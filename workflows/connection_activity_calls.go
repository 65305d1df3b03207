package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

// The Connection workflow's activities. They run while an admin (or a
// caller waiting for a token) waits on the update, so they are bounded in
// minutes, not the day an assessment's API calls may retry.

// connectionActivityOptions: one attempt may take 30s, all of them two
// minutes; an invalid grant or bad input is final.
func connectionActivityOptions() workflow.ActivityOptions {
	return workflow.ActivityOptions{
		StartToCloseTimeout:    30 * time.Second,
		ScheduleToCloseTimeout: 2 * time.Minute,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:    time.Second,
			BackoffCoefficient: 2,
			MaximumInterval:    15 * time.Second,
			NonRetryableErrorTypes: []string{activities.ErrTypeNeedsReauthorization, activities.ErrTypeNotFound,
				activities.ErrTypePermanent, activities.ErrTypeBadInput},
		},
	}
}

// endAssessmentsOptions: ending (or waking) every assessment of a
// connection may take a while on a large account; the activity heartbeats.
func endAssessmentsOptions() workflow.ActivityOptions {
	opts := connectionActivityOptions()
	opts.StartToCloseTimeout, opts.ScheduleToCloseTimeout = 10*time.Minute, 30*time.Minute
	opts.HeartbeatTimeout = time.Minute
	return opts
}

func execConnectionActivity[T any](ctx workflow.Context, opts workflow.ActivityOptions, activity any, in any) (T, error) {
	var out T
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, opts), activity, in).Get(ctx, &out)
	return out, err
}

func exchangeLeverCode(ctx workflow.Context, in activities.ExchangeCodeInput) (activities.LeverTokens, error) {
	var a *activities.Activities
	return execConnectionActivity[activities.LeverTokens](ctx, connectionActivityOptions(), a.ExchangeLeverCode, in)
}

func refreshLeverToken(ctx workflow.Context, in activities.RefreshTokenInput) (activities.LeverTokens, error) {
	var a *activities.Activities
	return execConnectionActivity[activities.LeverTokens](ctx, connectionActivityOptions(), a.RefreshLeverToken, in)
}

func listLeverStages(ctx workflow.Context, in activities.LeverCredentials) ([]activities.LeverStage, error) {
	var a *activities.Activities
	return execConnectionActivity[[]activities.LeverStage](ctx, connectionActivityOptions(), a.ListLeverStages, in)
}

func registerLeverWebhooks(ctx workflow.Context, in activities.RegisterWebhooksInput) (map[string]activities.RegisteredWebhook, error) {
	var a *activities.Activities
	return execConnectionActivity[map[string]activities.RegisteredWebhook](ctx, connectionActivityOptions(), a.RegisterLeverWebhooks, in)
}

func deleteLeverWebhooks(ctx workflow.Context, in activities.DeleteWebhooksInput) error {
	var a *activities.Activities
	return workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, connectionActivityOptions()),
		a.DeleteLeverWebhooks, in).Get(ctx, nil)
}

func endConnectionAssessments(ctx workflow.Context, in activities.EndAssessmentsInput) (activities.EndedAssessments, error) {
	var a *activities.Activities
	return execConnectionActivity[activities.EndedAssessments](ctx, endAssessmentsOptions(), a.EndConnectionAssessments, in)
}

func wakeConnectionAssessments(ctx workflow.Context, in activities.WakeAssessmentsInput) (int, error) {
	var a *activities.Activities
	return execConnectionActivity[int](ctx, endAssessmentsOptions(), a.WakeConnectionAssessments, in)
}
