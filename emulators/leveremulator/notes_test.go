package leveremulator

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/cjlever/cjlever/clients/apiclient"
)

func TestNotesRoundTrip(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	opp := h.createOpportunity(t, "Ada")
	first, err := h.client.AddNote(ctx, opp.ID, "Invited to CJ-81519.", h.seed.UserID)
	if err != nil {
		t.Fatal(err)
	}
	second, err := h.client.AddNote(ctx, opp.ID, "Score: 82 / 100\nSections: ...", "")
	if err != nil {
		t.Fatal(err)
	}
	if first == "" || second == "" || first == second {
		t.Fatalf("note ids %q, %q", first, second)
	}
	notes, err := h.client.ListNotes(ctx, opp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 2 || notes[0].ID != first || notes[0].Value != "Invited to CJ-81519." || notes[0].User != h.seed.UserID ||
		notes[1].Value != "Score: 82 / 100\nSections: ..." || notes[0].CreatedAt == 0 {
		t.Fatalf("notes %+v", notes)
	}
}

func TestAddNoteWire(t *testing.T) {
	h := newHarness(t)
	opp := h.createOpportunity(t, "Ada")
	path := "/v1/opportunities/" + opp.ID + "/notes"

	status, raw := h.do(t, http.MethodPost, path+"?perform_as="+h.seed.UserID, `{"value":"hello","secret":true,"score":3}`)
	var created struct {
		Data map[string]string `json:"data"`
	}
	if status != http.StatusCreated || json.Unmarshal(raw, &created) != nil || len(created.Data) != 1 || created.Data["noteId"] == "" {
		t.Fatalf("answer %d %s, want 201 {\"data\":{\"noteId\":...}}", status, raw)
	}
	status, raw = h.do(t, http.MethodPost, path+"?note_id="+created.Data["noteId"], `{"value":"a reply"}`)
	if status != http.StatusCreated {
		t.Fatalf("reply: %d %s", status, raw)
	}
	for name, tc := range map[string]struct{ query, body string }{
		"no value":         {"", `{"secret":true}`},
		"blank value":      {"", `{"value":"  "}`},
		"score too high":   {"", `{"value":"x","score":5}`},
		"unknown note_id":  {"?note_id=nope", `{"value":"x"}`},
		"unknown user":     {"?perform_as=nobody", `{"value":"x"}`},
		"value not a text": {"", `{"value":7}`},
	} {
		t.Run(name, func(t *testing.T) {
			status, raw := h.do(t, http.MethodPost, path+tc.query, tc.body)
			wantError(t, status, raw, http.StatusBadRequest, "BadRequestError")
		})
	}
	if _, err := h.client.AddNote(context.Background(), "no-such-opportunity", "x", ""); !apiclient.IsNotFound(err) {
		t.Fatalf("unknown opportunity: %v", err)
	}
	if _, err := h.client.ListNotes(context.Background(), "no-such-opportunity"); !apiclient.IsNotFound(err) {
		t.Fatalf("unknown opportunity: %v", err)
	}
}
