package leveremulator

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/cjlever/cjlever/clients/apiclient"
	"github.com/cjlever/cjlever/clients/lever"
)

func TestCreateOpportunityInheritsPostingTags(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	opp, err := h.client.CreateOpportunity(ctx, lever.NewOpportunity{
		Name: "Ada Lovelace", Emails: []string{"ada@example.com"}, Tags: []string{"referral"},
		Postings: []string{h.seed.PostingID},
	}, h.seed.UserID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(opp.Tags, []string{"referral", SandboxPostingTag}) {
		t.Fatalf("tags %v, want the own tag and the posting's", opp.Tags)
	}
	if opp.Stage != StageApplicantNew || len(opp.Applications) != 1 || opp.Contact == "" || opp.CreatedAt == 0 {
		t.Fatalf("created %+v", opp)
	}

	got, err := h.client.GetOpportunity(ctx, opp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Ada Lovelace" || !slices.Equal(got.Emails, []string{"ada@example.com"}) ||
		len(got.Applications) != 1 || got.Applications[0].Posting != h.seed.PostingID || got.Archived != nil {
		t.Fatalf("read back %+v", got)
	}
}

func TestCreateOpportunityPerformAsRules(t *testing.T) {
	h := newHarness(t)
	body := `{"name":"Ada","postings":["` + h.seed.PostingID + `"]}`
	for name, path := range map[string]string{
		"missing perform_as": "/v1/opportunities",
		"empty perform_as":   "/v1/opportunities?perform_as=",
		"unknown user":       "/v1/opportunities?perform_as=nobody",
	} {
		t.Run(name, func(t *testing.T) {
			status, raw := h.do(t, http.MethodPost, path, body)
			wantError(t, status, raw, http.StatusBadRequest, "BadRequestError")
		})
	}
	for name, body := range map[string]string{
		"unknown posting": `{"name":"Ada","postings":["nope"]}`,
		"unknown stage":   `{"name":"Ada","stage":"nope"}`,
		"bad origin":      `{"name":"Ada","origin":"telepathy"}`,
		"not an object":   `["Ada"]`,
		"wrong types":     `{"name":"Ada","emails":"ada@example.com"}`,
	} {
		t.Run(name, func(t *testing.T) {
			status, raw := h.do(t, http.MethodPost, "/v1/opportunities?perform_as="+h.seed.UserID, body)
			wantError(t, status, raw, http.StatusBadRequest, "BadRequestError")
		})
	}
	if opps := h.listOpportunities(t, ""); len(opps) != 0 {
		t.Fatalf("refused creates left %d opportunities", len(opps))
	}
}

func TestOpportunityWithoutPostingIsASourcedLeadInTheNamedStage(t *testing.T) {
	h := newHarness(t)
	status, raw := h.do(t, http.MethodPost, "/v1/opportunities?perform_as="+h.seed.UserID,
		`{"name":"Grace","stage":"`+StageLeadNew+`"}`)
	if status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, raw)
	}
	var got struct {
		Data struct {
			Stage        string   `json:"stage"`
			Origin       string   `json:"origin"`
			Applications []string `json:"applications"`
			Tags         []string `json:"tags"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if got.Data.Stage != StageLeadNew || got.Data.Origin != "sourced" || len(got.Data.Applications) != 0 || got.Data.Tags == nil {
		t.Fatalf("created %s", raw)
	}
}

func TestExpandStageAndApplications(t *testing.T) {
	h := newHarness(t)
	opp := h.createOpportunity(t, "Ada")

	status, raw := h.do(t, http.MethodGet, "/v1/opportunities/"+opp.ID, "")
	var plain struct {
		Data struct {
			Stage        string   `json:"stage"`
			Applications []string `json:"applications"`
		} `json:"data"`
	}
	if status != http.StatusOK || json.Unmarshal(raw, &plain) != nil || plain.Data.Stage != StageApplicantNew || len(plain.Data.Applications) != 1 {
		t.Fatalf("unexpanded: %d %s", status, raw)
	}

	status, raw = h.do(t, http.MethodGet, "/v1/opportunities/"+opp.ID+"?expand=applications&expand=stage", "")
	var expanded struct {
		Data struct {
			Stage        Stage `json:"stage"`
			Applications []struct {
				ID, Posting, OpportunityID string
			} `json:"applications"`
		} `json:"data"`
	}
	if status != http.StatusOK || json.Unmarshal(raw, &expanded) != nil {
		t.Fatalf("expanded: %d %s", status, raw)
	}
	if expanded.Data.Stage != (Stage{ID: StageApplicantNew, Text: "New applicant"}) ||
		len(expanded.Data.Applications) != 1 || expanded.Data.Applications[0].Posting != h.seed.PostingID ||
		expanded.Data.Applications[0].ID != plain.Data.Applications[0] {
		t.Fatalf("expanded %s", raw)
	}
	// The client reads the expanded shapes too.
	var o lever.Opportunity
	if err := json.Unmarshal(raw[len(`{"data":`):len(raw)-1], &o); err != nil || o.Stage != StageApplicantNew || o.Applications[0].Posting != h.seed.PostingID {
		t.Fatalf("client decoding of the expanded opportunity: %+v %v", o, err)
	}
}

func TestMoveStage(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	opp := h.createOpportunity(t, "Ada")
	if err := h.client.MoveStage(ctx, opp.ID, StageAssessment, h.seed.UserID); err != nil {
		t.Fatal(err)
	}
	got, err := h.client.GetOpportunity(ctx, opp.ID)
	if err != nil || got.Stage != StageAssessment {
		t.Fatalf("stage %q (%v)", got.Stage, err)
	}

	err = h.client.MoveStage(ctx, opp.ID, "no-such-stage", h.seed.UserID)
	if e, ok := apiclient.As(err); !ok || e.Status != http.StatusBadRequest {
		t.Fatalf("unknown stage: %v, want 400", err)
	}
	err = h.client.MoveStage(ctx, "no-such-opportunity", StageAssessment, h.seed.UserID)
	if !apiclient.IsNotFound(err) {
		t.Fatalf("unknown opportunity: %v, want 404", err)
	}
	err = h.client.MoveStage(ctx, opp.ID, StageOffer, "no-such-user")
	if e, ok := apiclient.As(err); !ok || e.Status != http.StatusBadRequest {
		t.Fatalf("unknown perform_as: %v, want 400", err)
	}
	status, raw := h.do(t, http.MethodPut, "/v1/opportunities/"+opp.ID+"/stage", `{}`)
	wantError(t, status, raw, http.StatusBadRequest, "BadRequestError")
}

func TestTagsAndLinks(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	opp := h.createOpportunity(t, "Ada")
	c := h.client
	for range 2 { // adding twice keeps one
		if err := c.AddTags(ctx, opp.ID, []string{"CJ TEST INVITE SENT"}, h.seed.UserID); err != nil {
			t.Fatal(err)
		}
		if err := c.AddLinks(ctx, opp.ID, []string{"https://codejudge.test/r/1"}, h.seed.UserID); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := c.GetOpportunity(ctx, opp.ID)
	if !slices.Equal(got.Tags, []string{SandboxPostingTag, "CJ TEST INVITE SENT"}) || !slices.Equal(got.Links, []string{"https://codejudge.test/r/1"}) {
		t.Fatalf("tags %v links %v", got.Tags, got.Links)
	}
	if status, raw := h.do(t, http.MethodPost, "/v1/opportunities/"+opp.ID+"/removeTags", `{"tags":["`+SandboxPostingTag+`","absent"]}`); status != http.StatusOK {
		t.Fatalf("removeTags: %d %s", status, raw)
	}
	if status, raw := h.do(t, http.MethodPost, "/v1/opportunities/"+opp.ID+"/removeLinks", `{"links":["https://codejudge.test/r/1"]}`); status != http.StatusOK {
		t.Fatalf("removeLinks: %d %s", status, raw)
	}
	got, _ = c.GetOpportunity(ctx, opp.ID)
	if !slices.Equal(got.Tags, []string{"CJ TEST INVITE SENT"}) || len(got.Links) != 0 {
		t.Fatalf("after removal: tags %v links %v", got.Tags, got.Links)
	}

	for _, body := range []string{`{}`, `{"tags":"x"}`, `{"links":["x"]}`, `{"tags":[1]}`} {
		status, raw := h.do(t, http.MethodPost, "/v1/opportunities/"+opp.ID+"/addTags", body)
		wantError(t, status, raw, http.StatusBadRequest, "BadRequestError")
	}
	if err := c.AddTags(ctx, "no-such-opportunity", []string{"x"}, ""); !apiclient.IsNotFound(err) {
		t.Fatalf("unknown opportunity: %v", err)
	}
}

func TestListFilters(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	a := h.createOpportunity(t, "A")
	b := h.createOpportunity(t, "B")
	status, raw := h.do(t, http.MethodPost, "/v1/opportunities?perform_as="+h.seed.UserID, `{"name":"C","tags":["other"]}`)
	if status != http.StatusCreated {
		t.Fatalf("%d %s", status, raw)
	}
	if err := h.client.MoveStage(ctx, b.ID, StageAssessment, ""); err != nil {
		t.Fatal(err)
	}
	// Archiving has no endpoint here; set it as Lever would show it.
	h.emu.defaultAccount.mu.Lock()
	h.emu.defaultAccount.st.Opportunities[a.ID].Archived = &archivedRecord{ArchivedAt: 1, Reason: "withdrew"}
	h.emu.defaultAccount.mu.Unlock()

	tag := url.QueryEscape(SandboxPostingTag)
	for name, tc := range map[string]struct {
		query string
		want  []string
	}{
		"all":         {"", []string{"A", "B", "C"}},
		"stage":       {"stage_id=" + StageAssessment, []string{"B"}},
		"tag":         {"tag=" + tag, []string{"A", "B"}},
		"posting":     {"posting_id=" + h.seed.PostingID, []string{"A", "B"}},
		"archived":    {"archived=true", []string{"A"}},
		"active":      {"archived=false", []string{"B", "C"}},
		"tag, active": {"tag=" + tag + "&archived=false", []string{"B"}},
	} {
		t.Run(name, func(t *testing.T) {
			var names []string
			for _, o := range h.listOpportunities(t, tc.query) {
				names = append(names, o.Name)
			}
			if !slices.Equal(names, tc.want) {
				t.Fatalf("names %v, want %v", names, tc.want)
			}
		})
	}
	got, _ := h.client.GetOpportunity(ctx, a.ID)
	if got.Archived == nil || got.Archived.Reason != "withdrew" {
		t.Fatalf("archived %+v", got.Archived)
	}
	status, raw = h.do(t, http.MethodGet, "/v1/opportunities?archived=maybe", "")
	wantError(t, status, raw, http.StatusBadRequest, "BadRequestError")
}
