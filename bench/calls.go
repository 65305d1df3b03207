package bench

import (
	"fmt"
	"maps"
	"slices"
)

// callCount is cjlever's Lever request counts at the start of a measured
// window.
type callCount struct {
	lever  Lever
	before map[string]int
}

func startCount(lever Lever) callCount {
	return callCount{lever: lever, before: lever.Requests()}
}

// byRoute is cjlever's requests since the start, by route.
func (c callCount) byRoute() map[string]int {
	out := map[string]int{}
	for route, n := range c.lever.Requests() {
		if d := n - c.before[route]; d != 0 {
			out[route] = d
		}
	}
	return out
}

// reportCalls records cjlever's Lever calls per unit (an invite, a result)
// in total and by route.
func reportCalls(r *Report, section, prefix, unit string, routes map[string]int, units int) {
	if units == 0 {
		return
	}
	total := 0
	for _, route := range slices.Sorted(maps.Keys(routes)) {
		total += routes[route]
		r.Add(section, prefix+".per_"+unit+"."+route, "per "+unit+": "+route, float64(routes[route])/float64(units), "")
	}
	r.Add(section, prefix+".per_"+unit, fmt.Sprintf("per %s (%d %ss)", unit, units, unit), float64(total)/float64(units), "calls")
}
