package bench

import (
	"fmt"
	"maps"
	"slices"
)

// callCount is Lever's request counts at the start of a measured window,
// to tell cjlever's requests in the window from the bench's own.
type callCount struct {
	lever                Lever
	allBefore, ownBefore map[string]int
}

func startCount(lever Lever) callCount {
	return callCount{lever: lever, allBefore: lever.Requests(), ownBefore: lever.OwnRequests()}
}

// byRoute is cjlever's requests since the start, by route.
func (c callCount) byRoute() map[string]int {
	all, own := c.lever.Requests(), c.lever.OwnRequests()
	out := map[string]int{}
	for route, n := range all {
		if d := n - c.allBefore[route] - (own[route] - c.ownBefore[route]); d != 0 {
			out[route] = d
		}
	}
	return out
}

// reportCalls records cjlever's Lever calls per unit (an invite, a result)
// in total and by route.
func reportCalls(r *Report, unit string, routes map[string]int, units int) {
	const section = "3. Lever calls, counted by Lever"
	if units == 0 {
		return
	}
	total := 0
	for _, route := range slices.Sorted(maps.Keys(routes)) {
		total += routes[route]
		r.Add(section, "calls.per_"+unit+"."+route, "per "+unit+": "+route, float64(routes[route])/float64(units), "")
	}
	r.Add(section, "calls.per_"+unit, fmt.Sprintf("per %s (%d %ss)", unit, units, unit), float64(total)/float64(units), "calls")
}
