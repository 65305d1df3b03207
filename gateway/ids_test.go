package gateway

import (
	"strings"
	"testing"
)

func TestValidExternalID(t *testing.T) {
	for id, want := range map[string]bool{
		"opp-1":                                true,
		"0b3c1c52-8f7e-4c1e-9a57-4a0b7a1e2f3d": true, // Lever's UUIDs
		"lead-new":                             true,
		"CJ-81519":                             true,
		"inv_6f1d2c0e9b8a7f6e5d4c3b2a":         true,
		"a.b:c":                                true,
		strings.Repeat("a", 128):               true,
		"":                                     false,
		".":                                    false, // a URL path would read these as directories
		"..":                                   false,
		strings.Repeat("a", 129):               false,
		"opp-1/CJ-1":                           false, // would address another workflow
		"opp 1":                                false,
		"opp-1\n":                              false,
		"opp-1\x00":                            false,
		"<b>opp</b>":                           false,
		"opp&1":                                false,
		"opp-ü":                                false,
		"opp\u202e1":                           false, // right-to-left override
		"opp%2F1":                              false,
		"opp?x=1":                              false,
	} {
		if got := validExternalID(id); got != want {
			t.Errorf("validExternalID(%q) = %v, want %v", id, got, want)
		}
	}
}
