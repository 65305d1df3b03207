package activities

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/cjlever/cjlever/clients/apiclient"
	"github.com/cjlever/cjlever/clients/codejudge"
)

// SendInvite invites the opportunity's candidate to a Codejudge test. The
// idempotency key makes a retried attempt return the invite the first attempt
// created instead of emailing the candidate again.
func (a *Activities) SendInvite(ctx context.Context, in SendInviteInput) (Invite, error) {
	cj, err := a.Accounts.Codejudge(ctx, in.ConnectionID)
	if err != nil {
		return Invite{}, err
	}
	candidate, err := a.candidate(ctx, in)
	if err != nil {
		return Invite{}, err
	}
	inv, err := cj.CreateInvite(ctx, in.IdempotencyKey, codejudge.CreateInviteRequest{
		TestID:         in.TestID,
		Candidate:      codejudge.Candidate{Name: candidate.Name, Email: candidate.Email},
		ExternalID:     in.OpportunityID,
		ExternalSource: "lever",
		CallbackURL:    a.Accounts.CallbackURL(in.ConnectionID),
	})
	var already *codejudge.AlreadyInvitedError
	if errors.As(err, &already) {
		return adoptOrRefuse(ctx, in, already.Existing), nil
	}
	if e, ok := apiclient.As(err); ok && e.Kind == apiclient.KindNotFound {
		// The only thing an invite request can name that is not there.
		return Invite{}, temporal.NewNonRetryableApplicationError(fmt.Sprintf(
			"Codejudge has no test %s. Check the test id in the tag (a tag like CJ-81519 names a Codejudge test), "+
				"fix it, then move the candidate to the assessment stage again", in.TestID), ErrTypeNotFound, err)
	}
	if err != nil {
		return Invite{}, apiFailure(ctx, "sending the Codejudge invite", err)
	}
	return inviteFrom(inv), nil
}

// candidate is whom to invite: as the workflow passed them, or, for a run
// started before it passed them, as Lever has them now.
func (a *Activities) candidate(ctx context.Context, in SendInviteInput) (Candidate, error) {
	if in.Candidate.Email != "" {
		return in.Candidate, nil
	}
	leverAPI, _, err := a.Accounts.Lever(ctx, in.ConnectionID)
	if err != nil {
		return Candidate{}, err
	}
	opp, err := leverAPI.GetOpportunity(ctx, in.OpportunityID)
	if err != nil {
		return Candidate{}, apiFailure(ctx, "reading the candidate from Lever", err)
	}
	email := firstEmail(opp.Emails)
	if email == "" {
		return Candidate{}, badInput("%v", errNoEmail)
	}
	return Candidate{Name: opp.Name, Email: email}, nil
}

// adoptOrRefuse answers Codejudge's "already invited". An invite made for
// this opportunity (our external id), under another key by an earlier run,
// is this invite: adopt it and wait for its result. Only an invite for
// another opportunity of the same candidate is the product page's "already
// invited" error.
func adoptOrRefuse(ctx context.Context, in SendInviteInput, existing codejudge.Invite) Invite {
	out := inviteFrom(existing)
	if existing.ExternalID == in.OpportunityID {
		activity.GetLogger(ctx).Info("adopting the opportunity's existing invite", "testId", in.TestID, "inviteId", out.InviteID)
		out.Adopted = true
		return out
	}
	out.AlreadyInvited = true
	activity.GetLogger(ctx).Info("the candidate already had an invite to this test for another opportunity",
		"testId", in.TestID, "inviteId", out.InviteID)
	return out
}

// GetInvite reads an invite's state and, once completed, its result.
func (a *Activities) GetInvite(ctx context.Context, in GetInviteInput) (InviteReport, error) {
	cj, err := a.Accounts.Codejudge(ctx, in.ConnectionID)
	if err != nil {
		return InviteReport{}, err
	}
	inv, err := cj.GetInvite(ctx, in.InviteID)
	if err != nil {
		return InviteReport{}, apiFailure(ctx, "reading the Codejudge invite", err)
	}
	report := InviteReport{Status: string(inv.Status)}
	if inv.CompletedAt != nil {
		report.CompletedAt = *inv.CompletedAt
	}
	if r := inv.Result; r != nil && inv.Status == codejudge.StatusCompleted {
		res := &Result{
			Score:             float64(r.Score),
			MaxScore:          float64(r.MaxScore),
			Percentage:        r.Percentage,
			TimeTaken:         time.Duration(r.TimeTakenSeconds) * time.Second,
			PlagiarismFlagged: r.PlagiarismFlagged,
			PlagiarismDetails: r.PlagiarismDetails,
			ReportURL:         r.ReportURL,
		}
		for _, s := range r.Sections {
			res.Sections = append(res.Sections, SectionScore{Name: s.Name, Score: float64(s.Score), MaxScore: float64(s.MaxScore)})
		}
		report.Result = res
	}
	return report, nil
}

func inviteFrom(inv codejudge.Invite) Invite {
	return Invite{
		InviteID:  inv.ID,
		TestID:    inv.TestID,
		TestName:  inv.TestName,
		Status:    string(inv.Status),
		InvitedAt: inv.InvitedAt,
		ExpiresAt: inv.ExpiresAt,
	}
}
