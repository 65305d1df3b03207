package activities

import (
	"context"

	"github.com/cjlever/cjlever/clients/apiclient"
	"github.com/cjlever/cjlever/clients/codejudge"
)

// InviteChange is what a change to an open invite found.
type InviteChange struct {
	// AlreadyFinished: Codejudge answered 409 invite_finished, the invite
	// was completed, expired or cancelled before the change: the workflow
	// checks it as it would on a callback.
	AlreadyFinished bool
}

// CancelInvite cancels an open invite (the opportunity was archived in
// Lever). Cancelling a cancelled invite succeeds, so a retry is harmless.
func (a *Activities) CancelInvite(ctx context.Context, in GetInviteInput) (InviteChange, error) {
	return a.changeInvite(ctx, in, "cancelling the Codejudge invite", func(cj CodejudgeAPI) error {
		_, err := cj.CancelInvite(ctx, in.InviteID)
		return err
	})
}

// RemindInvite asks Codejudge to email the candidate again. Codejudge sends
// at most one reminder an hour per invite, so a retry is harmless.
func (a *Activities) RemindInvite(ctx context.Context, in GetInviteInput) (InviteChange, error) {
	return a.changeInvite(ctx, in, "reminding the candidate in Codejudge", func(cj CodejudgeAPI) error {
		_, err := cj.RemindInvite(ctx, in.InviteID)
		return err
	})
}

func (a *Activities) changeInvite(ctx context.Context, in GetInviteInput, what string, change func(CodejudgeAPI) error) (InviteChange, error) {
	cj, err := a.Accounts.Codejudge(ctx, in.ConnectionID)
	if err != nil {
		return InviteChange{}, err
	}
	err = change(cj)
	if e, ok := apiclient.As(err); ok && e.Kind == apiclient.KindConflict && e.Code == codejudge.CodeInviteFinished {
		return InviteChange{AlreadyFinished: true}, nil
	}
	if err != nil {
		return InviteChange{}, apiFailure(ctx, what, err)
	}
	return InviteChange{}, nil
}

// MoveStage moves the opportunity to a stage (a result at or above the
// connection's pass mark). Moving it again to the same stage changes
// nothing, so a retry is harmless.
func (a *Activities) MoveStage(ctx context.Context, in MoveStageInput) error {
	api, performAs, err := a.Accounts.Lever(ctx, in.ConnectionID)
	if err != nil {
		return err
	}
	if err := api.MoveStage(ctx, in.OpportunityID, in.StageID, performAs); err != nil {
		return apiFailure(ctx, "moving the opportunity to the next stage in Lever", err)
	}
	return nil
}
