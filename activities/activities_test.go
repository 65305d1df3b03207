package activities

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/emulators/codejudgeemulator"
	"github.com/cjlever/cjlever/emulators/leveremulator"
)

// harness runs the activities against both emulators over HTTP, through the
// real clients.
type harness struct {
	env   *testsuite.TestActivityEnvironment
	acts  *Activities
	lever *lever.Client
	seed  leveremulator.Sandbox
	cj    *codejudgeemulator.Emulator
	// cjURL is the Codejudge emulator's root, for its /sandbox routes.
	cjURL string
	ref   OpportunityRef
	calls *callCounter
	// leverURL is the emulator's API base.
	leverURL string
}

func newHarness(t *testing.T, tags []string, emails ...string) *harness {
	t.Helper()
	lemu, err := leveremulator.New(leveremulator.Options{APIKey: "lk"})
	require.NoError(t, err)
	t.Cleanup(lemu.Close)
	seed, err := lemu.SeedSandbox()
	require.NoError(t, err)
	lsrv := httptest.NewServer(lemu.Handler())
	t.Cleanup(lsrv.Close)
	cjemu, err := codejudgeemulator.New(codejudgeemulator.Options{
		Organisations: []codejudgeemulator.Organisation{{ID: "org", APIKey: "ck", CallbackSecret: "cs"}},
		RetryDelays:   []time.Duration{},
	})
	require.NoError(t, err)
	t.Cleanup(cjemu.Close)
	csrv := httptest.NewServer(cjemu.Handler())
	t.Cleanup(csrv.Close)

	conn := config.Connection{
		ID: "c1", TriggerStageID: seed.AssessmentStageID, PerformAs: seed.UserID,
		Lever:     config.LeverAccount{BaseURL: lsrv.URL + "/v1", APIKey: "lk", WebhookTokens: map[string]config.Secret{"candidateStageChange": "t"}},
		Codejudge: config.CodejudgeAccount{BaseURL: csrv.URL + "/v1", APIKey: "ck", CallbackSecret: "cs"},
	}
	conns, err := config.NewConnections(conn)
	require.NoError(t, err)
	lc, err := lever.New(lever.Config{BaseURL: conn.Lever.BaseURL, APIKey: "lk"})
	require.NoError(t, err)
	opp, err := lc.CreateOpportunity(context.Background(), lever.NewOpportunity{
		Name: "Ada Lovelace", Emails: emails, Tags: tags, Postings: []string{seed.PostingID},
	}, seed.UserID)
	require.NoError(t, err)

	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestActivityEnvironment()
	calls := &callCounter{base: http.DefaultTransport}
	acts := &Activities{Accounts: NewConnectionAccounts(conns, "http://gateway.example",
		ClientOptions{HTTPClient: &http.Client{Transport: calls}})}
	env.RegisterActivity(acts)
	return &harness{env: env, acts: acts, lever: lc, seed: seed, cj: cjemu, cjURL: csrv.URL, calls: calls, leverURL: conn.Lever.BaseURL,
		ref: OpportunityRef{ConnectionID: "c1", OpportunityID: opp.ID}}
}

// callCounter counts the activities' requests by method and path, to hold
// them to the Lever calls each step may cost.
type callCounter struct {
	base http.RoundTripper
	mu   sync.Mutex
	n    map[string]int
}

func (c *callCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[r.Method+" "+r.URL.Path]++
	c.mu.Unlock()
	return c.base.RoundTrip(r)
}

// take returns the counts so far and starts again from zero.
func (c *callCounter) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.n
	c.n = nil
	return n
}

func TestReadOpportunityReadsThePostingOnlyForItsTags(t *testing.T) {
	h := newHarness(t, []string{"Referral"}, "ada@example.com")
	ctx := context.Background()
	read := func(ref OpportunityRef) Opportunity {
		t.Helper()
		h.calls.take()
		v, err := h.env.ExecuteActivity(h.acts.ReadOpportunity, ref)
		require.NoError(t, err)
		var opp Opportunity
		require.NoError(t, v.Get(&opp))
		return opp
	}
	// The opportunity inherited its posting's test tag: the posting is not read.
	opp := read(h.ref)
	require.Equal(t, "ada@example.com", opp.Email)
	require.True(t, opp.HasEmail)
	require.Contains(t, opp.Tags, "Referral")
	require.Contains(t, opp.Tags, "CJ-81519")
	require.Empty(t, opp.PostingTags)
	require.Equal(t, map[string]int{"GET /v1/opportunities/" + h.ref.OpportunityID: 1}, h.calls.take())

	// Without a test tag of its own, the posting is read for its tags...
	h.removeTestTag(t, h.ref.OpportunityID)
	opp = read(h.ref)
	require.Equal(t, "Backend Engineer", opp.PostingName)
	require.Equal(t, []string{"CJ-81519"}, opp.PostingTags)
	require.Len(t, h.calls.take(), 2, "the opportunity and its posting")

	// ...once: another opportunity on the same posting gets it from the cache.
	other, err := h.lever.CreateOpportunity(ctx, lever.NewOpportunity{
		Name: "Grace Hopper", Emails: []string{"grace@example.com"}, Postings: []string{h.seed.PostingID},
	}, h.seed.UserID)
	require.NoError(t, err)
	h.removeTestTag(t, other.ID)
	opp = read(OpportunityRef{ConnectionID: "c1", OpportunityID: other.ID})
	require.Equal(t, []string{"CJ-81519"}, opp.PostingTags)
	require.Equal(t, map[string]int{"GET /v1/opportunities/" + other.ID: 1}, h.calls.take())
}

// removeTestTag removes the tag the opportunity inherited from its posting,
// as a recruiter may, through Lever's API (our client has no need to).
func (h *harness) removeTestTag(t *testing.T, opportunityID string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.leverURL+"/opportunities/"+opportunityID+"/removeTags",
		strings.NewReader(`{"tags":["CJ-81519"]}`))
	require.NoError(t, err)
	req.SetBasicAuth("lk", "")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestSendInviteWithTheCandidateDoesNotReadLever(t *testing.T) {
	h := newHarness(t, nil, "ada@example.com")
	h.calls.take()
	_, err := h.env.ExecuteActivity(h.acts.SendInvite, SendInviteInput{OpportunityRef: h.ref, TestID: "CJ-81519",
		IdempotencyKey: "k", Candidate: Candidate{Name: "Ada Lovelace", Email: "ada@example.com"}})
	require.NoError(t, err)
	require.Equal(t, map[string]int{"POST /v1/invites": 1}, h.calls.take())
}

func TestSendInviteIsIdempotentAndReportsEarlierInvites(t *testing.T) {
	h := newHarness(t, nil, "ada@example.com")
	in := SendInviteInput{OpportunityRef: h.ref, TestID: "CJ-81519", IdempotencyKey: "run-1"}
	var first, retried, second Invite
	v, err := h.env.ExecuteActivity(h.acts.SendInvite, in)
	require.NoError(t, err)
	require.NoError(t, v.Get(&first))
	require.False(t, first.AlreadyInvited)
	require.False(t, first.ExpiresAt.IsZero())

	// A retried attempt (same key) gets the same invite back.
	v, err = h.env.ExecuteActivity(h.acts.SendInvite, in)
	require.NoError(t, err)
	require.NoError(t, v.Get(&retried))
	require.Equal(t, first.InviteID, retried.InviteID)
	require.False(t, retried.AlreadyInvited)

	// Another key for the same opportunity (a run from before keys named the
	// invite) adopts the invite that exists.
	in.IdempotencyKey = "run-2"
	v, err = h.env.ExecuteActivity(h.acts.SendInvite, in)
	require.NoError(t, err)
	require.NoError(t, v.Get(&second))
	require.False(t, second.AlreadyInvited)
	require.Equal(t, first.InviteID, second.InviteID)

	// Another opportunity of the same candidate learns that the candidate
	// was already invited.
	other, err := h.lever.CreateOpportunity(context.Background(), lever.NewOpportunity{
		Name: "Ada Lovelace", Emails: []string{"ada@example.com"}, Postings: []string{h.seed.PostingID},
	}, h.seed.UserID)
	require.NoError(t, err)
	var third Invite
	v, err = h.env.ExecuteActivity(h.acts.SendInvite, SendInviteInput{
		OpportunityRef: OpportunityRef{ConnectionID: h.ref.ConnectionID, OpportunityID: other.ID},
		TestID:         "CJ-81519", IdempotencyKey: "other-opportunity",
	})
	require.NoError(t, err)
	require.NoError(t, v.Get(&third))
	require.True(t, third.AlreadyInvited)
	require.Equal(t, first.InviteID, third.InviteID)
}

func TestSendInviteToUnknownTestIsPermanent(t *testing.T) {
	h := newHarness(t, nil, "ada@example.com")
	_, err := h.env.ExecuteActivity(h.acts.SendInvite,
		SendInviteInput{OpportunityRef: h.ref, TestID: "CJ-99999", IdempotencyKey: "k"})
	var appErr *temporal.ApplicationError
	require.True(t, errors.As(err, &appErr), "%v", err)
	require.Equal(t, ErrTypeNotFound, appErr.Type())
	require.True(t, appErr.NonRetryable())
	require.Contains(t, appErr.Message(), "Codejudge has no test CJ-99999. Check the test id in the tag",
		"words a recruiter can act on")
}

func TestSendInviteWithoutEmailIsBadInput(t *testing.T) {
	h := newHarness(t, nil)
	_, err := h.env.ExecuteActivity(h.acts.SendInvite,
		SendInviteInput{OpportunityRef: h.ref, TestID: "CJ-81519", IdempotencyKey: "k"})
	var appErr *temporal.ApplicationError
	require.True(t, errors.As(err, &appErr))
	require.Equal(t, ErrTypeBadInput, appErr.Type())
}

func TestAddNoteLooksFirstOnlyWhenTheNoteMayExist(t *testing.T) {
	h := newHarness(t, nil, "ada@example.com")
	in := NoteInput{OpportunityRef: h.ref, Text: "Codejudge: invited the candidate.\nInvite id: inv-1"}
	notesPath := "/v1/opportunities/" + h.ref.OpportunityID + "/notes"
	h.calls.take()
	_, err := h.env.ExecuteActivity(h.acts.AddNote, in)
	require.NoError(t, err)
	require.Equal(t, map[string]int{"POST " + notesPath: 1}, h.calls.take(), "a first note is written without a look")

	in.MayExist = true
	_, err = h.env.ExecuteActivity(h.acts.AddNote, in)
	require.NoError(t, err)
	require.Equal(t, map[string]int{"GET " + notesPath: 1}, h.calls.take(), "the note is there: not written again")
	notes, err := h.lever.ListNotes(context.Background(), h.ref.OpportunityID)
	require.NoError(t, err)
	require.Len(t, notes, 1)
}

func TestRemoveTagsTakesOffOnlyThoseTags(t *testing.T) {
	h := newHarness(t, []string{"CJ Error", "Python"}, "ada@example.com")
	_, err := h.env.ExecuteActivity(h.acts.RemoveTags, TagInput{OpportunityRef: h.ref, Tags: []string{"CJ Error"}})
	require.NoError(t, err)
	opp, err := h.lever.GetOpportunity(context.Background(), h.ref.OpportunityID)
	require.NoError(t, err)
	require.Contains(t, opp.Tags, "Python")
	require.NotContains(t, opp.Tags, "CJ Error")
}

func TestUnknownConnectionIsBadInput(t *testing.T) {
	h := newHarness(t, nil, "ada@example.com")
	_, err := h.env.ExecuteActivity(h.acts.TagOpportunity,
		TagInput{OpportunityRef: OpportunityRef{ConnectionID: "nope", OpportunityID: "x"}, Tags: []string{"a"}})
	var appErr *temporal.ApplicationError
	require.True(t, errors.As(err, &appErr))
	require.Equal(t, ErrTypeBadInput, appErr.Type())
}

// The worker registers every exported method of Activities as an activity
// under its method name, and recorded workflow histories name these: a new
// exported method would become an activity, and a renamed one would break
// running workflows.
func TestExportedMethodsAreTheActivities(t *testing.T) {
	typ := reflect.TypeFor[*Activities]()
	var names []string
	for i := range typ.NumMethod() {
		names = append(names, typ.Method(i).Name)
	}
	require.Equal(t, []string{"AddLink", "AddNote", "CancelInvite", "DeleteLeverWebhooks", "EndConnectionAssessments", "ExchangeLeverCode", "GetInvite",
		"ListLeverStages", "ListStagePage", "MoveStage", "ReadOpportunity", "ReadReconcileSettings", "RefreshLeverToken", "RegisterLeverWebhooks", "RemindInvite",
		"RemoveTags", "SendInvite", "TagOpportunity", "WakeConnectionAssessments"}, names)
}
