package workflows

// MaxIDPartLen bounds an id that becomes part of a workflow id (a
// connection's, an opportunity's, a test's): it shows in the UI and in log
// lines.
const MaxIDPartLen = 128

// ValidIDPart accepts an id that can safely become part of a workflow id, of
// a visibility query and of a Lever or Codejudge URL path: 1 to MaxIDPartLen
// of the characters their ids are made of (letters, digits, "-", "_", ".",
// ":"), but not "." or "..", which a URL path reads as a directory. "/" is
// left out so that an opportunity id "x/T1" cannot address the
// TestInvitation of test T1; so are quotes, spaces, control characters,
// markup and non-ASCII letters.
func ValidIDPart(id string) bool {
	return id != "." && id != ".." && len(id) <= MaxIDPartLen && PlainID(id)
}

// PlainID reports whether s is not empty and made only of ASCII letters,
// digits and "-", "_", ".", ":": characters that are safe in a log line, a
// workflow id and a URL path segment.
func PlainID(s string) bool {
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
