package leveremulator

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/cjlever/cjlever/emulators/internal/emulatortest"
)

// listAnswer is a list page as the wire carries it.
type listAnswer struct {
	Data    []json.RawMessage `json:"data"`
	HasNext bool              `json:"hasNext"`
	Next    *string           `json:"next"`
}

func TestClientReadsMoreThanOnePage(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	opp := h.createOpportunity(t, "Ada")
	const n = 205 // three pages of at most 100
	for i := range n {
		if _, err := h.client.AddNote(ctx, opp.ID, fmt.Sprintf("note %d", i), ""); err != nil {
			t.Fatal(err)
		}
	}
	notes, err := h.client.ListNotes(ctx, opp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != n {
		t.Fatalf("%d notes, want %d", len(notes), n)
	}
	for i, note := range notes {
		if want := fmt.Sprintf("note %d", i); note.Value != want {
			t.Fatalf("note %d is %q, want %q: pages overlap or skip", i, note.Value, want)
		}
	}
}

func TestPagesWithASmallLimit(t *testing.T) {
	h := newHarness(t)
	for i := range 5 {
		h.createOpportunity(t, fmt.Sprint("candidate ", i))
	}
	var names []string
	path := "/v1/opportunities?limit=2"
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
		status, raw := h.do(t, http.MethodGet, path, "")
		var page listAnswer
		if status != http.StatusOK || json.Unmarshal(raw, &page) != nil {
			t.Fatalf("page: %d %s", status, raw)
		}
		for _, d := range page.Data {
			var o struct{ Name string }
			_ = json.Unmarshal(d, &o)
			names = append(names, o.Name)
		}
		if !page.HasNext {
			if page.Next != nil || len(page.Data) != 1 {
				t.Fatalf("last page %s", raw)
			}
			break
		}
		if page.Next == nil || len(page.Data) != 2 {
			t.Fatalf("page %s", raw)
		}
		// Passed back verbatim: the token is URL-encoded already.
		path = "/v1/opportunities?limit=2&offset=" + *page.Next
	}
	if fmt.Sprint(names) != "[candidate 0 candidate 1 candidate 2 candidate 3 candidate 4]" {
		t.Fatalf("names %v", names)
	}
}

func TestPaginationRefusals(t *testing.T) {
	h := newHarness(t)
	h.createOpportunity(t, "A")
	h.createOpportunity(t, "B")
	status, raw := h.do(t, http.MethodGet, "/v1/opportunities?limit=1", "")
	var page listAnswer
	if status != http.StatusOK || json.Unmarshal(raw, &page) != nil || page.Next == nil {
		t.Fatalf("first page: %d %s", status, raw)
	}
	for name, query := range map[string]string{
		"limit zero":             "limit=0",
		"limit over 100":         "limit=101",
		"limit not a number":     "limit=ten",
		"made-up offset":         "offset=page2",
		"offset encoded twice":   "offset=" + url.QueryEscape(*page.Next),
		"offset of another kind": "offset=" + url.QueryEscape(`{"seq":1}`),
	} {
		t.Run(name, func(t *testing.T) {
			status, raw := h.do(t, http.MethodGet, "/v1/opportunities?"+query, "")
			wantError(t, status, raw, http.StatusBadRequest, "BadRequestError")
		})
	}
}

func TestEveryListIsPaginated(t *testing.T) {
	h := newHarness(t)
	r := emulatortest.NewReceiver(t)
	h.register(t, r, "candidateHired")
	h.register(t, r, "candidateStageChange")
	for _, path := range []string{"/v1/stages", "/v1/postings", "/v1/users", "/v1/webhooks", "/v1/opportunities"} {
		status, raw := h.do(t, http.MethodGet, path+"?limit=1", "")
		var page listAnswer
		if status != http.StatusOK || json.Unmarshal(raw, &page) != nil || len(page.Data) > 1 {
			t.Fatalf("%s: %d %s", path, status, raw)
		}
	}
	// Stages page in pipeline order.
	stages, err := h.client.ListStages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(stages) != len(SandboxStages()) || stages[3].ID != StageAssessment || stages[3].Text != "Assessment" {
		t.Fatalf("stages %+v", stages)
	}
}
