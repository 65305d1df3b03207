package codejudgeemulator

import (
	"fmt"
	"strings"

	"github.com/cjlever/cjlever/clients/codejudge"
)

// SandboxTests is the default catalogue: the test the Codejudge for Lever
// guide uses as its example (CJ-81519) and a second one, so that a posting
// can carry two test tags.
func SandboxTests() []codejudge.Test {
	return []codejudge.Test{
		{
			ID:              "CJ-81519",
			Name:            "Backend Engineer: APIs and Data Structures",
			DurationMinutes: 90,
			MaxScore:        100,
			Sections: []codejudge.Section{
				{Name: "Data structures", MaxScore: 40},
				{Name: "API design", MaxScore: 30},
				{Name: "SQL", MaxScore: 30},
			},
		},
		{
			ID:              "CJ-20431",
			Name:            "Frontend Engineer",
			DurationMinutes: 75,
			MaxScore:        60,
			Sections: []codejudge.Section{
				{Name: "JavaScript", MaxScore: 25},
				{Name: "React components", MaxScore: 20},
				{Name: "Accessibility", MaxScore: 15},
			},
		},
	}
}

// canonicalTestID is the form responses carry: test ids are case-insensitive
// on input because recruiters type them as Lever tags.
func canonicalTestID(id string) string { return strings.ToUpper(strings.TrimSpace(id)) }

// indexTests checks the seed and indexes it by canonical id. Sections must add
// up to maxScore, since a completion spreads the score over them.
func indexTests(tests []codejudge.Test) (map[string]codejudge.Test, error) {
	byID := make(map[string]codejudge.Test, len(tests))
	for _, t := range tests {
		id := canonicalTestID(t.ID)
		if id == "" || !validID(id) {
			return nil, fmt.Errorf("codejudge emulator: test id %q is not a valid id", t.ID)
		}
		if _, dup := byID[id]; dup {
			return nil, fmt.Errorf("codejudge emulator: test %s is seeded twice", id)
		}
		if t.MaxScore <= 0 || t.DurationMinutes <= 0 {
			return nil, fmt.Errorf("codejudge emulator: test %s needs a positive maxScore and durationMinutes", id)
		}
		sum := 0
		for _, s := range t.Sections {
			sum += s.MaxScore
		}
		if len(t.Sections) > 0 && sum != t.MaxScore {
			return nil, fmt.Errorf("codejudge emulator: test %s: sections add up to %d, not maxScore %d", id, sum, t.MaxScore)
		}
		t.ID = id
		t.Sections = append([]codejudge.Section{}, t.Sections...) // never null in JSON, never shared
		byID[id] = t
	}
	return byID, nil
}

// validID is the contract's id alphabet: at most 64 letters, digits, '-' and '_'.
func validID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')) {
			return false
		}
	}
	return true
}
