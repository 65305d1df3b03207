package doctor

import (
	"context"
	"fmt"

	"github.com/cjlever/cjlever/activities"
)

// postingPublished is the state of a posting candidates apply to.
const postingPublished = "published"

// readTestTags maps each test id tagged on a published posting to the
// postings' titles, by the tag rule the workflows use.
func readTestTags(ctx context.Context, c Connection) (map[string][]string, Finding) {
	const check = "posting tags"
	postings, err := c.Lever.ListPostings(ctx)
	if err != nil {
		return nil, problem(check, "could not list Lever's postings: "+err.Error(), permissionFix(c))
	}
	tags := map[string][]string{}
	published, tagged := 0, 0
	for _, p := range postings {
		if p.State != postingPublished {
			continue
		}
		published++
		ids := activities.TestIDsFromTags(p.Tags)
		if len(ids) > 0 {
			tagged++
		}
		for _, id := range ids {
			tags[id] = append(tags[id], fmt.Sprintf("%q", p.Text))
		}
	}
	if len(tags) == 0 {
		return tags, note(check, fmt.Sprintf("none of the %d published postings carries a CJ- test tag", published),
			"tag each posting that needs an assessment with its Codejudge test (e.g. CJ-81519), or tag the candidates' opportunities")
	}
	return tags, ok(check, fmt.Sprintf("%d of %d published postings name %d test(s)", tagged, published, len(tags)))
}
