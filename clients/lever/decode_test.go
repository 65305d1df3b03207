package lever

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestOpportunityStageAndApplicationShapes(t *testing.T) {
	cases := map[string]struct {
		json      string
		stage     string
		apps      []Application
		archived  *Archived
		createdAt int64
	}{
		"ids (the default)": {
			json:  `{"stage":"lead-new","applications":["a1","a2"],"archived":null,"createdAt":1700000000000}`,
			stage: "lead-new", apps: []Application{{ID: "a1"}, {ID: "a2"}}, createdAt: 1700000000000,
		},
		"expanded stage and applications": {
			json:  `{"stage":{"id":"stage-assessment","text":"Assessment"},"applications":[{"id":"a1","posting":"p1","type":"posting"}]}`,
			stage: "stage-assessment", apps: []Application{{ID: "a1", Posting: "p1"}},
		},
		"application with an expanded posting": {
			json:  `{"stage":"s","applications":[{"id":"a1","posting":{"id":"p1","text":"Backend Engineer"}}]}`,
			stage: "s", apps: []Application{{ID: "a1", Posting: "p1"}},
		},
		"application without a posting (a referral)": {
			json:  `{"stage":"s","applications":[{"id":"a1","posting":null}]}`,
			stage: "s", apps: []Application{{ID: "a1"}},
		},
		"null stage, float timestamp": {
			json:      `{"stage":null,"applications":[],"createdAt":1.43e+12}`,
			apps:      []Application{},
			createdAt: 1430000000000,
		},
		"archived": {
			json:     `{"stage":"s","archived":{"archivedAt":1700000000001,"reason":{"id":"r1","text":"Hired"}}}`,
			stage:    "s",
			archived: &Archived{ArchivedAt: 1700000000001, Reason: "r1"},
		},
		"an empty archived object is not archived": {
			json:  `{"stage":"s","archived":{"archivedAt":null,"reason":null}}`,
			stage: "s",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var o Opportunity
			if err := json.Unmarshal([]byte(tc.json), &o); err != nil {
				t.Fatal(err)
			}
			if o.Stage != tc.stage || !reflect.DeepEqual(o.Applications, tc.apps) ||
				!reflect.DeepEqual(o.Archived, tc.archived) || o.CreatedAt != tc.createdAt {
				t.Fatalf("got stage %q apps %+v archived %+v createdAt %d", o.Stage, o.Applications, o.Archived, o.CreatedAt)
			}
		})
	}
}

func TestOpportunityRejectsImpossibleShapes(t *testing.T) {
	for _, body := range []string{`{"stage":42}`, `{"applications":[7]}`, `{"createdAt":"yesterday"}`} {
		var o Opportunity
		if err := json.Unmarshal([]byte(body), &o); err == nil {
			t.Errorf("%s decoded without error", body)
		}
	}
}

func TestOpportunityRoundTrips(t *testing.T) {
	in := Opportunity{ID: "o1", Name: "Ada", Stage: "s1", Tags: []string{"t"},
		Applications: []Application{{ID: "a1", Posting: "p1"}}, Archived: &Archived{ArchivedAt: 5, Reason: "r"}, CreatedAt: 1}
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Opportunity
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Fatalf("round trip\n got %+v\nwant %+v", out, in)
	}
}

func TestNoteValueShapes(t *testing.T) {
	for name, tc := range map[string]struct{ json, value string }{
		"top-level value": {`{"id":"n1","value":"Invited","createdAt":1}`, "Invited"},
		"text field (Lever's read shape)": {
			`{"id":"n1","text":"","fields":[{"type":"text","text":"Comment","value":"Invited"},{"type":"score","text":"Rating","value":4}]}`,
			"Invited",
		},
		"two text fields": {`{"id":"n1","fields":[{"type":"text","value":"a"},{"type":"textarea","value":"b"}]}`, "a\nb"},
		"a note field":    {`{"id":"n1","text":"Note","fields":[{"type":"note","text":"Note","value":"Invited"}]}`, "Invited"},
		"text only":       {`{"id":"n1","text":"Invited","fields":[]}`, "Invited"},
	} {
		t.Run(name, func(t *testing.T) {
			var n Note
			if err := json.Unmarshal([]byte(tc.json), &n); err != nil {
				t.Fatal(err)
			}
			if n.ID != "n1" || n.Value != tc.value {
				t.Fatalf("note %+v, want value %q", n, tc.value)
			}
		})
	}
}

func TestNoteAuthorMayBeExpanded(t *testing.T) {
	var n Note
	if err := json.Unmarshal([]byte(`{"id":"n1","value":"v","user":{"id":"u1","name":"R"},"secret":true,"createdAt":9}`), &n); err != nil {
		t.Fatal(err)
	}
	if want := (Note{ID: "n1", Value: "v", User: "u1", Secret: true, CreatedAt: 9}); n != want {
		t.Fatalf("note %+v, want %+v", n, want)
	}
}
