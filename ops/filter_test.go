package ops

import (
	"errors"
	"testing"
	"time"

	"github.com/cjlever/cjlever/workflows"
)

func TestFilterQuery(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		f    Filter
		want string
	}{
		{"all", Filter{}, "WorkflowType = 'CandidateAssessment'"},
		{"parked on one connection", Filter{Status: workflows.StateNeedsAttention, Connection: "acme"},
			"WorkflowType = 'CandidateAssessment' AND CJStatus = 'NeedsAttention' AND CJConnection = 'acme'"},
		{"opportunity, older, running", Filter{Opportunity: "opp-1", OlderThan: 24 * time.Hour, RunningOnly: true},
			"WorkflowType = 'CandidateAssessment' AND CJOpportunityId = 'opp-1' AND CJLastChange < '2026-11-28T12:00:00Z' AND ExecutionStatus = 'Running'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.f.Query(now)
			if err != nil || got != tc.want {
				t.Fatalf("Query() = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestFilterQueryRefusesQuotes(t *testing.T) {
	for _, f := range []Filter{
		{Connection: "acme' OR CJStatus != '"},
		{Opportunity: `opp"1`},
		{Status: `Needs\Attention`},
		{Connection: "a`b"},
		{OlderThan: -time.Hour},
	} {
		if q, err := f.Query(time.Now()); !errors.Is(err, ErrInvalid) {
			t.Errorf("Query(%+v) = %q, %v; want ErrInvalid", f, q, err)
		}
	}
}

func TestOutcomeOf(t *testing.T) {
	r := Summary{WorkflowID: "assessment/acme/opp-1", Connection: "acme", Opportunity: "opp-1"}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, OutcomeRetried},
		{errors.Join(ErrRefused, errors.New("not parked")), OutcomeRefused},
		{errors.New("deadline exceeded"), OutcomeError},
	} {
		if got := outcomeOf(r, tc.err); got.Result != tc.want || got.WorkflowID != r.WorkflowID {
			t.Errorf("outcomeOf(%v) = %+v; want %s", tc.err, got, tc.want)
		}
	}
}

func TestParseAge(t *testing.T) {
	for in, want := range map[string]time.Duration{"3d": 72 * time.Hour, "36h": 36 * time.Hour, "90m": 90 * time.Minute} {
		if got, err := ParseAge(in); err != nil || got != want {
			t.Errorf("ParseAge(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "d", "-1d", "three days", "-5h"} {
		if _, err := ParseAge(in); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseAge(%q): want ErrInvalid, got %v", in, err)
		}
	}
}
