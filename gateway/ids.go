package gateway

import (
	"strings"
	"unicode"
)

// validExternalID accepts an id that can safely become part of a workflow id:
// not empty, bounded, and free of the "/" that separates workflow id parts
// (an opportunity id "x/T1" must not address the TestInvitation of test T1),
// of spaces and of control characters.
func validExternalID(id string) bool {
	if id == "" || len(id) > 128 || strings.Contains(id, "/") {
		return false
	}
	return !strings.ContainsFunc(id, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
}

// plainID reports whether s is not empty and made only of ASCII letters,
// digits and "-", "_", ".", ":": characters that are safe in a log line, a
// workflow id and a URL path segment.
func plainID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		ok := r == '-' || r == '_' || r == '.' || r == ':' ||
			(r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
		if !ok {
			return false
		}
	}
	return true
}
