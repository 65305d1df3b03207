package activities

import (
	"regexp"
	"sort"
)

// testTag matches a Codejudge test id tag such as "CJ-81519" (any case,
// surrounding spaces allowed).
var testTag = regexp.MustCompile(`(?i)^\s*cj-(\d+)\s*$`)

// TestIDsFromTags returns the distinct Codejudge test ids among Lever tags,
// normalised to upper case and sorted so that the result (and so the order of
// child workflows) does not depend on Lever's tag order.
func TestIDsFromTags(tags []string) []string {
	seen := map[string]bool{}
	var ids []string
	for _, tag := range tags {
		m := testTag.FindStringSubmatch(tag)
		if m == nil {
			continue
		}
		id := "CJ-" + m[1]
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// hasTestTag reports whether any tag names a Codejudge test.
func hasTestTag(tags []string) bool {
	for _, tag := range tags {
		if testTag.MatchString(tag) {
			return true
		}
	}
	return false
}
