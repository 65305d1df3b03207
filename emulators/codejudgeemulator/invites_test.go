package codejudgeemulator

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/cjlever/cjlever/clients/apiclient"
	"github.com/cjlever/cjlever/clients/codejudge"
)

const callbackURL = "http://gateway.test/webhooks/codejudge/acme"

func TestReplayWithTheSameKeyReturnsTheSameInvite(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	first := h.invite(t, "acme/opp-1/CJ-81519", "ada@example.com", callbackURL)
	if first.Status != codejudge.StatusInvited || first.TestName == "" || first.TestURL != publicURL+"/take/"+first.ID {
		t.Errorf("created %+v", first)
	}
	if want := first.InvitedAt.Add(168 * time.Hour); !first.ExpiresAt.Equal(want) {
		t.Errorf("expiresAt = %v, want invitedAt + 168h", first.ExpiresAt)
	}
	// The same request again, with testId in another case: a replay.
	req := inviteRequest("ada@example.com", callbackURL)
	req.TestID = "cj-81519"
	again, err := h.client.CreateInvite(ctx, "acme/opp-1/CJ-81519", req)
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	if again.ID != first.ID {
		t.Errorf("replay created invite %s, want %s", again.ID, first.ID)
	}
	list, err := h.client.ListInvites(ctx, codejudge.InviteFilter{ExternalID: "opp-1"})
	if err != nil || len(list) != 1 {
		t.Fatalf("ListInvites = %d invites, %v; want 1", len(list), err)
	}
}

func TestAnotherKeyForTheSameCandidateIsAlreadyInvited(t *testing.T) {
	h := newHarness(t)
	first := h.invite(t, "k1", "ada@example.com", callbackURL)

	_, err := h.client.CreateInvite(context.Background(), "k2", inviteRequest("ADA@example.com", callbackURL))
	var ai *codejudge.AlreadyInvitedError
	if !errors.As(err, &ai) {
		t.Fatalf("err = %v, want *AlreadyInvitedError", err)
	}
	if ai.Existing.ID != first.ID || ai.Existing.Status != codejudge.StatusInvited {
		t.Errorf("Existing = %+v, want invite %s", ai.Existing, first.ID)
	}

	// A cancelled invite is no longer active: the candidate may be invited again.
	if _, err := h.client.CancelInvite(context.Background(), first.ID); err != nil {
		t.Fatal(err)
	}
	second := h.invite(t, "k2", "ada@example.com", callbackURL)
	if second.ID == first.ID {
		t.Error("a new invite reused the cancelled one's id")
	}
}

func TestReusedKeyWithAnotherBodyIsRefused(t *testing.T) {
	h := newHarness(t)
	h.invite(t, "k1", "ada@example.com", callbackURL)
	req := inviteRequest("ada@example.com", callbackURL)
	req.ExternalID = "opp-2"
	_, err := h.client.CreateInvite(context.Background(), "k1", req)
	e, ok := apiclient.As(err)
	if !ok || e.Status != http.StatusUnprocessableEntity || e.Code != codejudge.CodeIdempotencyKeyReused || e.Kind != apiclient.KindPermanent {
		t.Fatalf("err = %v, want 422 idempotency_key_reused", err)
	}
}

func TestCreateInviteRefusals(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()

	unknown := inviteRequest("ada@example.com", callbackURL)
	unknown.TestID = "CJ-99999"
	if _, err := h.client.CreateInvite(ctx, "k-unknown", unknown); !apiclient.IsNotFound(err) {
		t.Errorf("unknown test: err = %v, want not found", err)
	}

	for name, mutate := range map[string]func(*codejudge.CreateInviteRequest){
		"bad email":        func(r *codejudge.CreateInviteRequest) { r.Candidate.Email = "ada at example" },
		"display name":     func(r *codejudge.CreateInviteRequest) { r.Candidate.Email = "Ada <ada@example.com>" },
		"no name":          func(r *codejudge.CreateInviteRequest) { r.Candidate.Name = "" },
		"no externalId":    func(r *codejudge.CreateInviteRequest) { r.ExternalID = "" },
		"other source":     func(r *codejudge.CreateInviteRequest) { r.ExternalSource = "greenhouse" },
		"relative url":     func(r *codejudge.CreateInviteRequest) { r.CallbackURL = "/webhooks" },
		"too long":         func(r *codejudge.CreateInviteRequest) { r.ValidForHours = 721 },
		"negative hours":   func(r *codejudge.CreateInviteRequest) { r.ValidForHours = -1 },
		"no test":          func(r *codejudge.CreateInviteRequest) { r.TestID = "" },
		"ftp callback url": func(r *codejudge.CreateInviteRequest) { r.CallbackURL = "ftp://gateway.test/x" },
	} {
		req := inviteRequest("ada@example.com", callbackURL)
		mutate(&req)
		_, err := h.client.CreateInvite(ctx, "k-"+name, req)
		if e, ok := apiclient.As(err); !ok || e.Status != http.StatusUnprocessableEntity || e.Code != codejudge.CodeValidationFailed {
			t.Errorf("%s: err = %v, want 422 validation_failed", name, err)
		}
	}

	// A refused request binds nothing: the same key works once the body is right.
	if inv := h.invite(t, "k-bad email", "ada@example.com", callbackURL); inv.ID == "" {
		t.Error("no invite after fixing the request")
	}
}

func TestAPIKeysAndOrganisations(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	inv := h.invite(t, "k1", "ada@example.com", callbackURL)

	_, err := newClient(t, h.srv.URL, "cjk_wrong").GetInvite(ctx, inv.ID)
	if e, ok := apiclient.As(err); !ok || e.Status != http.StatusUnauthorized || e.Code != codejudge.CodeUnauthorized {
		t.Errorf("wrong key: err = %v, want 401 unauthorized", err)
	}

	other := newClient(t, h.srv.URL, orgOther.APIKey)
	if _, err := other.GetInvite(ctx, inv.ID); !apiclient.IsNotFound(err) {
		t.Errorf("another organisation's invite: err = %v, want not found", err)
	}
	if list, err := other.ListInvites(ctx, codejudge.InviteFilter{}); err != nil || len(list) != 0 {
		t.Errorf("another organisation lists %d invites, %v", len(list), err)
	}
	// The other organisation may invite the same candidate independently.
	if _, err := other.CreateInvite(ctx, "k1", inviteRequest("ada@example.com", callbackURL)); err != nil {
		t.Errorf("other organisation, same key and candidate: %v", err)
	}
	if status, _ := h.do(t, http.MethodPost, "/sandbox/invites/"+inv.ID+"/complete", orgOther.APIKey, nil, `{"score":1}`); status != http.StatusNotFound {
		t.Errorf("other organisation completing acme's invite: %d, want 404", status)
	}
}

func TestTests(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	test, err := h.client.GetTest(ctx, "cj-81519")
	if err != nil {
		t.Fatal(err)
	}
	if test.ID != "CJ-81519" || test.DurationMinutes != 90 || test.MaxScore != 100 || len(test.Sections) != 3 ||
		test.Sections[0] != (codejudge.Section{Name: "Data structures", MaxScore: 40}) {
		t.Errorf("GetTest = %+v", test)
	}
	list, err := h.client.ListTests(ctx)
	if err != nil || len(list) != 2 || list[0].ID != "CJ-20431" || list[1].ID != "CJ-81519" {
		t.Errorf("ListTests = %+v, %v", list, err)
	}
	if _, err := h.client.GetTest(ctx, "CJ-1"); !apiclient.IsNotFound(err) {
		t.Errorf("GetTest(CJ-1): err = %v, want not found", err)
	}
}

func TestListInvitesFiltersAndOrders(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	a := h.invite(t, "k1", "ada@example.com", callbackURL)
	b := h.invite(t, "k2", "grace@example.com", callbackURL)
	req := inviteRequest("ada@example.com", callbackURL)
	req.TestID, req.ExternalID = "CJ-20431", "opp-2"
	c, err := h.client.CreateInvite(ctx, "k3", req)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := h.client.ListInvites(ctx, codejudge.InviteFilter{})
	if len(all) != 3 || all[0].ID != a.ID || all[1].ID != b.ID || all[2].ID != c.ID {
		t.Errorf("ListInvites() = %v, want oldest first", ids(all))
	}
	byTest, _ := h.client.ListInvites(ctx, codejudge.InviteFilter{TestID: "cj-20431"})
	if len(byTest) != 1 || byTest[0].ID != c.ID {
		t.Errorf("by test = %v", ids(byTest))
	}
	both, _ := h.client.ListInvites(ctx, codejudge.InviteFilter{ExternalID: "opp-1", TestID: "CJ-81519"})
	if len(both) != 2 {
		t.Errorf("by externalId and test = %v", ids(both))
	}
}

func ids(list []codejudge.Invite) []string {
	out := make([]string, len(list))
	for i, inv := range list {
		out[i] = inv.ID
	}
	return out
}

func TestCancel(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	inv := h.invite(t, "k1", "ada@example.com", callbackURL)
	for range 2 { // cancelling twice is fine
		got, err := h.client.CancelInvite(ctx, inv.ID)
		if err != nil || got.Status != codejudge.StatusCancelled {
			t.Fatalf("CancelInvite = %+v, %v", got, err)
		}
	}
	status, _ := h.do(t, http.MethodPost, "/sandbox/invites/"+inv.ID+"/complete", orgAcme.APIKey, nil, `{"score":50}`)
	if status != http.StatusConflict {
		t.Errorf("completing a cancelled invite: %d, want 409", status)
	}

	done := h.invite(t, "k2", "grace@example.com", callbackURL)
	h.sandbox(t, done.ID, "complete", `{"score":50}`)
	_, err := h.client.CancelInvite(ctx, done.ID)
	if e, ok := apiclient.As(err); !ok || e.Kind != apiclient.KindConflict || e.Code != codejudge.CodeInviteFinished {
		t.Errorf("cancelling a completed invite: err = %v, want 409 invite_finished", err)
	}
	if _, err := h.client.CancelInvite(ctx, "inv_nope"); !apiclient.IsNotFound(err) {
		t.Errorf("cancelling an unknown invite: err = %v", err)
	}
}

func TestStartThenComplete(t *testing.T) {
	h := newHarness(t)
	inv := h.invite(t, "k1", "ada@example.com", callbackURL)
	h.sandbox(t, inv.ID, "start", "")
	got, _ := h.client.GetInvite(context.Background(), inv.ID)
	if got.Status != codejudge.StatusStarted {
		t.Fatalf("status = %s, want started", got.Status)
	}
	// A started invite is still active.
	var ai *codejudge.AlreadyInvitedError
	if _, err := h.client.CreateInvite(context.Background(), "k2", inviteRequest("ada@example.com", callbackURL)); !errors.As(err, &ai) {
		t.Errorf("err = %v, want already invited", err)
	}
	h.sandbox(t, inv.ID, "complete", `{"score":64}`)
	got, _ = h.client.GetInvite(context.Background(), inv.ID)
	if got.Status != codejudge.StatusCompleted || got.Result == nil || got.Result.Score != 64 {
		t.Errorf("after complete: %+v", got)
	}
	if status, _ := h.do(t, http.MethodPost, "/sandbox/invites/"+inv.ID+"/complete", orgAcme.APIKey, nil, `{"score":64}`); status != http.StatusConflict {
		t.Errorf("completing twice: %d, want 409", status)
	}
}

func TestCompleteRefusesBadScores(t *testing.T) {
	h := newHarness(t)
	inv := h.invite(t, "k1", "ada@example.com", callbackURL)
	for body, want := range map[string]int{
		`{}`:                                http.StatusUnprocessableEntity,
		`{"score":101}`:                     http.StatusUnprocessableEntity,
		`{"score":-1}`:                      http.StatusUnprocessableEntity,
		`{"score":5,"timeTakenSeconds":-3}`: http.StatusUnprocessableEntity,
		`{"score":"high"}`:                  http.StatusBadRequest,
		``:                                  http.StatusBadRequest,
	} {
		if status, raw := h.do(t, http.MethodPost, "/sandbox/invites/"+inv.ID+"/complete", orgAcme.APIKey, nil, body); status != want {
			t.Errorf("complete %q: %d %s, want %d", body, status, raw, want)
		}
	}
}
