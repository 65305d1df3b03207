package lever

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/cjlever/cjlever/clients/apiclient"
)

func TestGetOpportunityExpandsApplicationsAndEscapesTheID(t *testing.T) {
	f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeRaw(w, http.StatusOK, `{"data":{
			"id":"opp/1","name":"Ada Lovelace","contact":"c-1","emails":["ada@example.com"],
			"tags":["CJ-81519"],"stage":"stage-assessment","archived":null,"links":[],
			"applications":[{"id":"app-1","posting":"post-1","type":"posting"}],
			"createdAt":1700000000000,"updatedAt":1700000000500}}`)
	})
	opp, err := f.client(t).GetOpportunity(context.Background(), "opp/1")
	if err != nil {
		t.Fatal(err)
	}
	want := Opportunity{
		ID: "opp/1", Name: "Ada Lovelace", Contact: "c-1", Emails: []string{"ada@example.com"},
		Tags: []string{"CJ-81519"}, Stage: "stage-assessment", Links: []string{},
		Applications: []Application{{ID: "app-1", Posting: "post-1"}},
		CreatedAt:    1700000000000, UpdatedAt: 1700000000500,
	}
	if !reflect.DeepEqual(opp, want) {
		t.Fatalf("opportunity\n got %+v\nwant %+v", opp, want)
	}
	r := f.requests()[0]
	if r.Method != http.MethodGet || r.EscapedPath != "/v1/opportunities/opp%2F1" || r.RawQuery != "expand=applications" {
		t.Fatalf("request %s %s?%s", r.Method, r.EscapedPath, r.RawQuery)
	}
}

func TestEmptyIDIsRefusedBeforeAnyRequest(t *testing.T) {
	f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeRaw(w, http.StatusOK, `{"data":{}}`)
	})
	c := f.client(t)
	if _, err := c.GetOpportunity(context.Background(), ""); !isKind(err, apiclient.KindPermanent) {
		t.Fatalf("GetOpportunity(\"\") = %v, want a permanent error", err)
	}
	if err := c.AddTags(context.Background(), "", []string{"x"}, ""); !isKind(err, apiclient.KindPermanent) {
		t.Fatalf("AddTags(\"\") = %v, want a permanent error", err)
	}
	if n := len(f.requests()); n != 0 {
		t.Fatalf("%d requests sent", n)
	}
}

func TestDotSegmentIDsAreRefusedBeforeAnyRequest(t *testing.T) {
	f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeRaw(w, http.StatusOK, `{"data":{}}`)
	})
	c := f.client(t)
	ctx := context.Background()
	for _, id := range []string{".", ".."} {
		calls := map[string]func() error{
			"GetOpportunity": func() error { _, err := c.GetOpportunity(ctx, id); return err },
			"MoveStage":      func() error { return c.MoveStage(ctx, id, "stage-1", "") },
			"AddTags":        func() error { return c.AddTags(ctx, id, []string{"x"}, "") },
			"AddLinks":       func() error { return c.AddLinks(ctx, id, []string{"x"}, "") },
			"AddNote":        func() error { _, err := c.AddNote(ctx, id, "note", "u1"); return err },
			"ListNotes":      func() error { _, err := c.ListNotes(ctx, id); return err },
			"GetPosting":     func() error { _, err := c.GetPosting(ctx, id); return err },
		}
		for name, call := range calls {
			err := call()
			if !isKind(err, apiclient.KindPermanent) || !strings.Contains(err.Error(), "invalid id") {
				t.Errorf("%s(%q) = %v, want a permanent invalid-id error", name, id, err)
			}
		}
	}
	if n := len(f.requests()); n != 0 {
		t.Fatalf("%d requests sent", n)
	}
}

func TestCreateOpportunity(t *testing.T) {
	f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeRaw(w, http.StatusCreated, `{"data":{"id":"o1","tags":["CJ-81519"],"stage":"applicant-new","applications":["app-1"]}}`)
	})
	c := f.client(t)
	in := NewOpportunity{Name: "Ada", Emails: []string{"ada@example.com"}, Postings: []string{"p1"}}
	opp, err := c.CreateOpportunity(context.Background(), in, "user-1")
	if err != nil {
		t.Fatal(err)
	}
	if opp.ID != "o1" || !reflect.DeepEqual(opp.Applications, []Application{{ID: "app-1"}}) {
		t.Fatalf("opportunity %+v", opp)
	}
	r := f.requests()[0]
	if r.Method != http.MethodPost || r.EscapedPath != "/v1/opportunities" || r.RawQuery != "perform_as=user-1" {
		t.Fatalf("request %s %s?%s", r.Method, r.EscapedPath, r.RawQuery)
	}
	var body map[string]any
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatal(err)
	}
	wantBody := map[string]any{"name": "Ada", "emails": []any{"ada@example.com"}, "postings": []any{"p1"}}
	if !reflect.DeepEqual(body, wantBody) {
		t.Fatalf("body %v, want %v", body, wantBody)
	}

	if _, err := c.CreateOpportunity(context.Background(), in, ""); !isKind(err, apiclient.KindPermanent) {
		t.Fatalf("create without perform_as = %v, want a permanent error", err)
	}
	if n := len(f.requests()); n != 1 {
		t.Fatalf("%d requests, want the refused create not sent", n)
	}
}

func TestUpdatesSendLeverShapes(t *testing.T) {
	f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeRaw(w, http.StatusOK, `{"data":{"id":"o1"}}`)
	})
	c := f.client(t)
	ctx := context.Background()
	steps := []struct {
		call               func() error
		method, path, body string
	}{
		{func() error { return c.MoveStage(ctx, "o1", "stage-assessment", "u1") }, "PUT", "/v1/opportunities/o1/stage", `{"stage":"stage-assessment"}`},
		{func() error { return c.AddTags(ctx, "o1", []string{"CJ TEST INVITE SENT"}, "u1") }, "POST", "/v1/opportunities/o1/addTags", `{"tags":["CJ TEST INVITE SENT"]}`},
		{func() error { return c.RemoveTags(ctx, "o1", []string{"CJ Error"}, "u1") }, "POST", "/v1/opportunities/o1/removeTags", `{"tags":["CJ Error"]}`},
		{func() error { return c.AddLinks(ctx, "o1", []string{"https://cj.test/r/1"}, "u1") }, "POST", "/v1/opportunities/o1/addLinks", `{"links":["https://cj.test/r/1"]}`},
	}
	for i, s := range steps {
		if err := s.call(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		r := f.requests()[i]
		if r.Method != s.method || r.EscapedPath != s.path || r.RawQuery != "perform_as=u1" || string(r.Body) != s.body {
			t.Fatalf("step %d: %s %s?%s %s, want %s %s %s", i, r.Method, r.EscapedPath, r.RawQuery, r.Body, s.method, s.path, s.body)
		}
	}
	if err := c.AddTags(ctx, "o1", nil, "u1"); err != nil {
		t.Fatal(err)
	}
	if n := len(f.requests()); n != len(steps) {
		t.Fatalf("adding no tags sent a request")
	}
}

func TestAddNoteAcceptsBothAnswerShapes(t *testing.T) {
	for name, answer := range map[string]string{
		"noteId":      `{"data":{"noteId":"note-1"}}`,
		"whole note":  `{"data":{"id":"note-1","text":"","fields":[{"type":"text","value":"hi"}]}}`,
		"both fields": `{"data":{"noteId":"note-1","id":"other"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
				writeRaw(w, http.StatusCreated, answer)
			})
			id, err := f.client(t).AddNote(context.Background(), "o1", "Invited to CJ-81519", "u1")
			if err != nil {
				t.Fatal(err)
			}
			if id != "note-1" {
				t.Fatalf("note id %q, want note-1", id)
			}
			r := f.requests()[0]
			if r.EscapedPath != "/v1/opportunities/o1/notes" || r.RawQuery != "perform_as=u1" || string(r.Body) != `{"value":"Invited to CJ-81519"}` {
				t.Fatalf("request %s?%s %s", r.EscapedPath, r.RawQuery, r.Body)
			}
		})
	}
}

func TestCreateWebhookFindsTheSignatureToken(t *testing.T) {
	for name, answer := range map[string]string{
		"nested data (Lever)": `{"data":{"data":{"id":"wh-1","url":"https://gw.test/h","event":"candidateStageChange","configuration":{"signatureToken":"sig-tok","conditions":{}}}}}`,
		"flat data":           `{"data":{"id":"wh-1","url":"https://gw.test/h","event":"candidateStageChange","configuration":{"signatureToken":"sig-tok"}}}`,
		"numeric id":          `{"data":{"data":{"id":1,"url":"https://gw.test/h","event":"candidateStageChange","configuration":{"signatureToken":"sig-tok"}}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
				writeRaw(w, http.StatusCreated, answer)
			})
			wh, err := f.client(t).CreateWebhook(context.Background(), "https://gw.test/h", EventCandidateStageChange)
			if err != nil {
				t.Fatal(err)
			}
			if wh.SignatureToken != "sig-tok" || wh.Event != EventCandidateStageChange || wh.URL != "https://gw.test/h" || wh.ID == "" {
				t.Fatalf("webhook %+v", wh)
			}
			if body := string(f.requests()[0].Body); body != `{"event":"candidateStageChange","url":"https://gw.test/h"}` {
				t.Fatalf("body %s", body)
			}
		})
	}
}
