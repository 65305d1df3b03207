package codejudgeemulator

import (
	"strings"
	"testing"

	"github.com/cjlever/cjlever/clients/codejudge"
)

func TestNewRefusesBadOptions(t *testing.T) {
	badSeed := SandboxTests()
	badSeed[0].Sections[0].MaxScore = 41
	cases := map[string]Options{
		"no organisation":    {},
		"no api key":         {Organisations: []Organisation{{ID: "a", CallbackSecret: "s"}}},
		"no callback secret": {Organisations: []Organisation{{ID: "a", APIKey: "k"}}},
		"duplicate id":       {Organisations: []Organisation{orgAcme, orgAcme}},
		"shared api key": {Organisations: []Organisation{orgAcme,
			{ID: "b", APIKey: orgAcme.APIKey, CallbackSecret: "s"}}},
		"sections off": {Organisations: []Organisation{orgAcme}, Tests: badSeed},
		"duplicate test": {Organisations: []Organisation{orgAcme},
			Tests: []codejudge.Test{SandboxTests()[0], SandboxTests()[0]}},
		"bad test id": {Organisations: []Organisation{orgAcme},
			Tests: []codejudge.Test{{ID: "CJ 1", Name: "x", DurationMinutes: 1, MaxScore: 1}}},
	}
	for name, opts := range cases {
		_, err := New(opts)
		if err == nil {
			t.Errorf("%s: New succeeded", name)
			continue
		}
		if strings.Contains(err.Error(), orgAcme.APIKey) {
			t.Errorf("%s: error names the API key: %v", name, err)
		}
	}
}

func TestNewDefaultsToTheSandboxCatalogue(t *testing.T) {
	e, err := New(Options{Organisations: []Organisation{orgAcme}})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if _, ok := e.tests["CJ-81519"]; !ok || len(e.tests) != 2 {
		t.Errorf("default tests = %v", e.tests)
	}
	if e.publicURL != DefaultPublicURL {
		t.Errorf("publicURL = %q", e.publicURL)
	}
}

func TestSpreadScore(t *testing.T) {
	sections := SandboxTests()[0].Sections
	for score := 0; score <= 100; score++ {
		sum := 0
		for i, s := range spreadScore(score, sections) {
			if s.Score < 0 || s.Score > sections[i].MaxScore || s.Name != sections[i].Name {
				t.Fatalf("score %d: section %+v", score, s)
			}
			sum += s.Score
		}
		if sum != score {
			t.Fatalf("score %d: sections sum to %d", score, sum)
		}
	}
	if got := spreadScore(100, sections); got[0].Score != 40 || got[1].Score != 30 || got[2].Score != 30 {
		t.Errorf("full marks = %+v", got)
	}
	if got := spreadScore(5, nil); len(got) != 0 {
		t.Errorf("no sections = %+v", got)
	}
}

func TestPercentage(t *testing.T) {
	for _, c := range []struct {
		score, max int
		want       float64
	}{{78, 100, 78}, {2, 3, 66.7}, {1, 3, 33.3}, {0, 60, 0}, {60, 60, 100}, {37, 60, 61.7}} {
		if got := percentage(c.score, c.max); got != c.want {
			t.Errorf("percentage(%d, %d) = %v, want %v", c.score, c.max, got, c.want)
		}
	}
}
