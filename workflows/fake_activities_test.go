package workflows_test

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/cjlever/cjlever/activities"
)

// fakeLeverCodejudge stands in for the activities in workflow unit tests: an
// in-memory opportunity and Codejudge, with hooks to inject failures. Its
// exported methods mirror *activities.Activities, so registering the struct
// registers each under the activity's name.
type fakeLeverCodejudge struct {
	mu          sync.Mutex
	opportunity activities.Opportunity
	tags        []string
	notes       []string
	links       []string
	invites     map[string]activities.Invite // by test id
	keys        map[string]string            // idempotency key -> test id
	statuses    map[string]string            // invite id -> status
	inviteCalls int
	getCalls    int
	// mayExist records each AddNote's MayExist; candidates each SendInvite's.
	mayExist   []bool
	candidates []activities.Candidate

	// readErrs are returned, in order, by the first ReadOpportunity calls.
	readErrs  []error
	readCalls int
	// sendInviteErrs are returned, in order, by the first SendInvite calls.
	sendInviteErrs []error
	// alreadyInvited makes SendInvite report an earlier invite.
	alreadyInvited bool
	// sendInviteDown and getInviteDown make every SendInvite or GetInvite
	// fail as an API that does not answer.
	sendInviteDown, getInviteDown bool
	// notesDown makes every AddNote fail as a Lever that does not answer.
	notesDown bool
	// tagErrs and noteErrs are returned, in order, by the first
	// TagOpportunity and AddNote calls; writeCalls counts both.
	tagErrs, noteErrs []error
	writeCalls        int
	// plagiarism flags the results GetInvite reports.
	plagiarism bool
	// cancelCalls, remindCalls and stages count the lifecycle activities:
	// stages holds each MoveStage's stage.
	cancelCalls, remindCalls int
	stages                   []string
	// unknownTests are test ids Codejudge does not know.
	unknownTests map[string]bool
	// removedTags records each RemoveTags.
	removedTags []string
}

// pop takes the first of errs, if any.
func pop(errs *[]error) error {
	if len(*errs) == 0 {
		return nil
	}
	err := (*errs)[0]
	*errs = (*errs)[1:]
	return err
}

// errNoAnswer is an API that did not answer: retryable.
var errNoAnswer = temporal.NewApplicationError("Codejudge did not answer", activities.ErrTypeTransient)

func newFake(opp activities.Opportunity) *fakeLeverCodejudge {
	return &fakeLeverCodejudge{
		opportunity: opp,
		invites:     map[string]activities.Invite{},
		keys:        map[string]string{},
		statuses:    map[string]string{},
	}
}

func (f *fakeLeverCodejudge) ReadOpportunity(_ context.Context, _ activities.OpportunityRef) (activities.Opportunity, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.readCalls++
	if len(f.readErrs) > 0 {
		err := f.readErrs[0]
		f.readErrs = f.readErrs[1:]
		return activities.Opportunity{}, err
	}
	return f.opportunity, nil
}

func (f *fakeLeverCodejudge) SendInvite(_ context.Context, in activities.SendInviteInput) (activities.Invite, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inviteCalls++
	f.candidates = append(f.candidates, in.Candidate)
	if f.sendInviteDown {
		return activities.Invite{}, errNoAnswer
	}
	if len(f.sendInviteErrs) > 0 {
		err := f.sendInviteErrs[0]
		f.sendInviteErrs = f.sendInviteErrs[1:]
		return activities.Invite{}, err
	}
	if f.unknownTests[in.TestID] {
		return activities.Invite{}, temporal.NewNonRetryableApplicationError(
			"Codejudge has no test "+in.TestID, activities.ErrTypeNotFound, nil)
	}
	if testID, ok := f.keys[in.IdempotencyKey]; ok {
		return f.invites[testID], nil // replay: the same invite
	}
	inv := activities.Invite{
		InviteID:  fmt.Sprintf("inv-%s", in.TestID),
		TestID:    in.TestID,
		TestName:  "Test " + in.TestID,
		Status:    activities.InviteStatusInvited,
		InvitedAt: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC),
		ExpiresAt: time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC),
	}
	if f.alreadyInvited {
		inv.AlreadyInvited = true
		return inv, nil
	}
	f.keys[in.IdempotencyKey] = in.TestID
	f.invites[in.TestID] = inv
	f.statuses[inv.InviteID] = activities.InviteStatusInvited
	return inv, nil
}

func (f *fakeLeverCodejudge) TagOpportunity(_ context.Context, in activities.TagInput) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writeCalls++
	if err := pop(&f.tagErrs); err != nil {
		return err
	}
	f.tags = append(f.tags, in.Tags...)
	return nil
}

func (f *fakeLeverCodejudge) RemoveTags(_ context.Context, in activities.TagInput) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.removedTags = append(f.removedTags, in.Tags...)
	return nil
}

// setOpportunity changes the opportunity, as a recruiter would in Lever.
func (f *fakeLeverCodejudge) setOpportunity(change func(*activities.Opportunity)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change(&f.opportunity)
}

func (f *fakeLeverCodejudge) AddNote(_ context.Context, in activities.NoteInput) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writeCalls++
	if f.notesDown {
		return errNoAnswer
	}
	if err := pop(&f.noteErrs); err != nil {
		return err
	}
	f.notes = append(f.notes, in.Text)
	f.mayExist = append(f.mayExist, in.MayExist)
	return nil
}

func (f *fakeLeverCodejudge) AddLink(_ context.Context, in activities.LinkInput) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.links = append(f.links, in.URL)
	return nil
}

func (f *fakeLeverCodejudge) GetInvite(_ context.Context, in activities.GetInviteInput) (activities.InviteReport, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.getCalls++
	if f.getInviteDown {
		return activities.InviteReport{}, errNoAnswer
	}
	status, ok := f.statuses[in.InviteID]
	if !ok {
		return activities.InviteReport{}, temporal.NewNonRetryableApplicationError("no such invite", activities.ErrTypeNotFound, nil)
	}
	report := activities.InviteReport{Status: status}
	if status == activities.InviteStatusCompleted {
		report.CompletedAt = time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
		report.Result = &activities.Result{
			Score: 82, MaxScore: 100, Percentage: 82,
			Sections:          []activities.SectionScore{{Name: "Data structures", Score: 35, MaxScore: 40}},
			TimeTaken:         75 * time.Minute,
			ReportURL:         "https://codejudge.example/reports/" + in.InviteID,
			PlagiarismFlagged: f.plagiarism,
		}
	}
	return report, nil
}

// CancelInvite cancels an open invite; a finished one is Codejudge's 409.
func (f *fakeLeverCodejudge) CancelInvite(_ context.Context, in activities.GetInviteInput) (activities.InviteChange, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cancelCalls++
	if f.statuses[in.InviteID] != activities.InviteStatusInvited {
		return activities.InviteChange{AlreadyFinished: true}, nil
	}
	f.statuses[in.InviteID] = activities.InviteStatusCancelled
	return activities.InviteChange{}, nil
}

// RemindInvite counts reminders of open invites.
func (f *fakeLeverCodejudge) RemindInvite(_ context.Context, in activities.GetInviteInput) (activities.InviteChange, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.statuses[in.InviteID] != activities.InviteStatusInvited {
		return activities.InviteChange{AlreadyFinished: true}, nil
	}
	f.remindCalls++
	return activities.InviteChange{}, nil
}

func (f *fakeLeverCodejudge) MoveStage(_ context.Context, in activities.MoveStageInput) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stages = append(f.stages, in.StageID)
	return nil
}

// setStatus sets a test's invite status, as Codejudge would.
func (f *fakeLeverCodejudge) setStatus(testID, status string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := f.invites[testID].InviteID
	f.statuses[id] = status
	return id
}

// complete marks a test's invite completed, as the candidate finishing would.
func (f *fakeLeverCodejudge) complete(testID string) string {
	return f.setStatus(testID, activities.InviteStatusCompleted)
}

func (f *fakeLeverCodejudge) snapshot() (tags, notes, links []string, inviteCalls int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.tags...), append([]string(nil), f.notes...), append([]string(nil), f.links...), f.inviteCalls
}
