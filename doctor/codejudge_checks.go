package doctor

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
)

const checkCodejudgeAccess = "Codejudge API key"

// checkCodejudge checks the API key, then that every test tagged on a
// published posting is one Codejudge knows. testTags is nil when Lever's
// postings could not be read: the tags are then not checked.
func checkCodejudge(ctx context.Context, c Connection, testTags map[string][]string, r *Report) {
	if c.CodejudgeErr != nil {
		r.add(problem(checkCodejudgeAccess, "Codejudge cannot be called: "+c.CodejudgeErr.Error(),
			"set the connection's codejudge.baseUrl and codejudge.apiKey"))
		return
	}
	tests, err := c.Codejudge.ListTests(ctx)
	if err != nil {
		r.add(codejudgeAccessProblem(err))
		return
	}
	r.add(ok(checkCodejudgeAccess, fmt.Sprintf("Codejudge accepted it and lists %d test(s)", len(tests))))
	known := map[string]bool{}
	for _, t := range tests {
		known[strings.ToUpper(t.ID)] = true
	}
	for _, id := range slices.Sorted(maps.Keys(testTags)) {
		postings := strings.Join(testTags[id], ", ")
		if known[id] {
			r.add(ok("test "+id, "known to Codejudge (tagged on "+postings+")"))
			continue
		}
		r.add(problem("test "+id, "posting "+postings+" is tagged "+id+", a test Codejudge does not know: its candidates get CJ Error",
			"correct the tag on the posting in Lever to the id of a test of your Codejudge organisation"))
	}
}

func codejudgeAccessProblem(err error) Finding {
	fix := "put a current key of your Codejudge organisation in the connection's codejudge.apiKey"
	switch statusOf(err) {
	case http.StatusUnauthorized:
		return problem(checkCodejudgeAccess, "Codejudge refused the connection's API key", fix)
	case http.StatusForbidden:
		return problem(checkCodejudgeAccess, "Codejudge refused to list the tests: the key lacks a permission", fix)
	}
	return problem(checkCodejudgeAccess, "Codejudge could not be reached: "+err.Error(),
		"check that Codejudge (the connection's codejudge.baseUrl) can be reached from here, then run the doctor again")
}
