package activities

import (
	"context"
	"errors"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
)

// WakeConnectionAssessments signals every workflow in.Query lists (a
// connection's assessments waiting for it to be re-authorised) so that each
// tries its Lever call again now rather than at its next re-check. It
// returns how many it woke. One that ended since it was listed is skipped.
func (a *Activities) WakeConnectionAssessments(ctx context.Context, in WakeAssessmentsInput) (int, error) {
	woken := 0
	err := a.eachWorkflow(ctx, in.Query, func(id string) error {
		err := a.Temporal.SignalWorkflow(ctx, id, "", in.Signal, nil)
		if _, gone := errors.AsType[*serviceerror.NotFound](err); gone {
			return nil
		}
		if err != nil {
			return temporal.NewApplicationErrorWithCause("waking assessment "+id, ErrTypeTransient, err)
		}
		woken++
		activity.RecordHeartbeat(ctx, woken)
		return nil
	})
	return woken, err
}
