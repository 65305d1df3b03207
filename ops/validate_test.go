package ops

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cjlever/cjlever/workflows"
)

func TestFilterValidateRefusesWhatVisibilityMustNotSee(t *testing.T) {
	for _, f := range []Filter{
		{Status: "Bogus"},
		{Status: "needsattention"},
		{Connection: "acme\x00"},
		{Connection: "ac\xffme"},
		{Opportunity: "opp\n1"},
		{Opportunity: "opp/CJ-81519"},
		{Opportunity: strings.Repeat("a", 129)},
		{Opportunity: ".."},
		{OlderThan: MaxAge + time.Hour},
	} {
		if err := f.Validate(); !errors.Is(err, ErrInvalid) {
			t.Errorf("Validate(%+v) = %v; want ErrInvalid", f, err)
		}
	}
	err := Filter{Status: "Bogus"}.Validate()
	if !strings.Contains(err.Error(), string(workflows.StateNeedsAttention)) {
		t.Errorf("an unknown status should list the valid ones: %v", err)
	}
	for _, s := range append(workflows.States(), "") {
		if err := (Filter{Status: s, Connection: "acme", Opportunity: "opp-1:x.y", OlderThan: MaxAge}).Validate(); err != nil {
			t.Errorf("status %q: %v", s, err)
		}
	}
}

func TestRefValidate(t *testing.T) {
	if err := (Ref{Opportunity: "opp-1"}).Validate(); err != nil {
		t.Fatal(err)
	}
	for _, r := range []Ref{{}, {Connection: "acme"}, {Opportunity: "opp/CJ-81519"}, {Connection: "a\x00", Opportunity: "opp-1"}} {
		if err := r.Validate(); !errors.Is(err, ErrInvalid) {
			t.Errorf("Validate(%+v) = %v; want ErrInvalid", r, err)
		}
	}
}

func TestValidateReason(t *testing.T) {
	if err := ValidateReason(strings.Repeat("é", MaxReasonLen)); err != nil {
		t.Fatalf("%d characters: %v", MaxReasonLen, err)
	}
	for _, reason := range []string{"", "   ", "\t\n", strings.Repeat("x", MaxReasonLen+1), "bad \xff"} {
		if err := ValidateReason(reason); !errors.Is(err, ErrInvalid) {
			t.Errorf("ValidateReason(%.20q) = %v; want ErrInvalid", reason, err)
		}
	}
}

func TestParseAgeRefusesHugeAges(t *testing.T) {
	for _, in := range []string{"12169727d", "1000000d", "3651d", "87601h", "9223372036854775807d"} {
		if d, err := ParseAge(in); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "10 years") {
			t.Errorf("ParseAge(%q) = %v, %v; want ErrInvalid saying 10 years", in, d, err)
		}
	}
	if d, err := ParseAge("3650d"); err != nil || d != MaxAge {
		t.Errorf("ParseAge(3650d) = %v, %v", d, err)
	}
}
