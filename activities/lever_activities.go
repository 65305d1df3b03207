package activities

import (
	"context"
	"strings"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/cjlever/cjlever/clients/apiclient"
)

// ReadOpportunity reads the opportunity once (with its applications, to learn
// the posting) and, only when the opportunity carries no test tag of its own,
// its posting for the posting-tag fallback (cached: see postingTTL). It
// returns the candidate's name and email for the invite, so that SendInvite
// need not read Lever again; like every payload they are encrypted in
// workflow history by the payload codec.
func (a *Activities) ReadOpportunity(ctx context.Context, ref OpportunityRef) (Opportunity, error) {
	api, _, err := a.Accounts.Lever(ctx, ref.ConnectionID)
	if err != nil {
		return Opportunity{}, err
	}
	opp, err := api.GetOpportunity(ctx, ref.OpportunityID)
	if err != nil {
		return Opportunity{}, apiFailure(ctx, "reading the opportunity from Lever", err)
	}
	out := Opportunity{
		Name:     opp.Name,
		Email:    firstEmail(opp.Emails),
		HasEmail: firstEmail(opp.Emails) != "",
		StageID:  opp.Stage,
		Archived: opp.Archived != nil,
		Tags:     opp.Tags,
	}
	for _, c := range opp.StageChanges {
		out.StageChanges = append(out.StageChanges, StageChange{StageID: c.ToStageID, At: time.UnixMilli(c.UpdatedAt).UTC()})
	}
	out.PostingID = firstPosting(opp.Applications)
	if out.PostingID == "" || hasTestTag(out.Tags) {
		return out, nil
	}
	posting, err := a.postings.get(ctx, api, ref.ConnectionID, out.PostingID)
	if apiclient.IsNotFound(err) {
		// A deleted posting is no reason to fail: there are just no tags to inherit.
		activity.GetLogger(ctx).Warn("the opportunity's posting no longer exists", "postingId", out.PostingID)
		return out, nil
	}
	if err != nil {
		return Opportunity{}, apiFailure(ctx, "reading the job posting from Lever", err)
	}
	out.PostingName, out.PostingTags = posting.Text, posting.Tags
	return out, nil
}

// TagOpportunity adds tags. Lever's tags are a set, so a retry is harmless.
func (a *Activities) TagOpportunity(ctx context.Context, in TagInput) error {
	return a.updateOpportunity(ctx, in.ConnectionID, "tagging the opportunity in Lever", func(api LeverAPI, performAs string) error {
		return api.AddTags(ctx, in.OpportunityID, in.Tags, performAs)
	})
}

// RemoveTags removes tags, e.g. CJ Error when ops retry. Removing a tag
// twice is harmless.
func (a *Activities) RemoveTags(ctx context.Context, in TagInput) error {
	return a.updateOpportunity(ctx, in.ConnectionID, "removing a tag in Lever", func(api LeverAPI, performAs string) error {
		return api.RemoveTags(ctx, in.OpportunityID, in.Tags, performAs)
	})
}

// AddLink adds a link. Lever's links are a set, so a retry is harmless.
func (a *Activities) AddLink(ctx context.Context, in LinkInput) error {
	return a.updateOpportunity(ctx, in.ConnectionID, "adding the results link in Lever", func(api LeverAPI, performAs string) error {
		return api.AddLinks(ctx, in.OpportunityID, []string{in.URL}, performAs)
	})
}

// updateOpportunity makes one set-like change to an opportunity through the
// connection's Lever client; what names it in the error.
func (a *Activities) updateOpportunity(ctx context.Context, connectionID, what string, update func(api LeverAPI, performAs string) error) error {
	api, performAs, err := a.Accounts.Lever(ctx, connectionID)
	if err != nil {
		return err
	}
	if err := update(api, performAs); err != nil {
		return apiFailure(ctx, what, err)
	}
	return nil
}

// AddNote adds a note unless the opportunity already has one with the same
// text. Lever notes are not idempotent: an attempt that timed out after Lever
// stored the note, or an earlier run of the same assessment, may have written
// it. Only then is a duplicate possible, so only then are the notes listed
// first (one Lever call saved on every other note). Our notes carry ids
// (invite ids, test ids) that make the text unique.
func (a *Activities) AddNote(ctx context.Context, in NoteInput) error {
	api, performAs, err := a.Accounts.Lever(ctx, in.ConnectionID)
	if err != nil {
		return err
	}
	if !in.MayExist && activity.GetInfo(ctx).Attempt == 1 {
		return writeNote(ctx, api, in, performAs)
	}
	notes, err := api.ListNotes(ctx, in.OpportunityID)
	if err != nil {
		return apiFailure(ctx, "reading the opportunity's notes in Lever", err)
	}
	for _, n := range notes {
		if strings.TrimSpace(n.Value) == strings.TrimSpace(in.Text) {
			activity.GetLogger(ctx).Info("the opportunity already has this note; not adding it again", "noteId", n.ID)
			return nil
		}
	}
	return writeNote(ctx, api, in, performAs)
}

func writeNote(ctx context.Context, api LeverAPI, in NoteInput, performAs string) error {
	if _, err := api.AddNote(ctx, in.OpportunityID, in.Text, performAs); err != nil {
		return apiFailure(ctx, "adding a note in Lever", err)
	}
	return nil
}

func firstEmail(emails []string) string {
	for _, e := range emails {
		if e = strings.TrimSpace(e); e != "" {
			return e
		}
	}
	return ""
}
