package gateway

// maxExternalIDLen bounds an id a sender gives us: it becomes part of a
// workflow id and of log lines.
const maxExternalIDLen = 128

// validExternalID accepts an id that can safely become part of a workflow id
// and of a Lever or Codejudge URL path: 1 to 128 of the characters their ids
// are made of (letters, digits, "-", "_", ".", ":"), but not "." or "..",
// which a URL path reads as a directory. "/" is left out so that an
// opportunity id "x/T1" cannot address the TestInvitation of test T1; so are
// spaces, control characters, markup and non-ASCII letters.
func validExternalID(id string) bool {
	return id != "." && id != ".." && len(id) <= maxExternalIDLen && plainID(id)
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
