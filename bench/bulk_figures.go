package bench

import (
	"cmp"
	"slices"
	"time"
)

// bulkRun is what part 4 observed.
type bulkRun struct {
	t0 time.Time
	// moved[i] is when candidate i's move was answered; invites[i] are its
	// invite notes.
	moved   []time.Time
	invites [][]Note
	// waiting is how many assessments wait for a result at the end.
	waiting   int64
	series    []requestSample
	throttled int64
	routes    map[string]int
}

// reportBulk records part 4's figures.
func reportBulk(r *Report, section string, b bulkRun) {
	n := len(b.moved)
	var first, last time.Time
	var duplicateNotes int
	var moveOrder, inviteOrder []time.Time
	for i, notes := range b.invites {
		if len(notes) == 0 {
			continue
		}
		duplicateNotes += len(notes) - 1
		at := notes[0].Created
		if first.IsZero() || at.Before(first) {
			first = at
		}
		if at.After(last) {
			last = at
		}
		moveOrder, inviteOrder = append(moveOrder, b.moved[i]), append(inviteOrder, at)
	}
	invited := len(moveOrder)
	r.Add(section, "bulk.moved", "candidates moved at once", float64(n), "")
	r.Add(section, "bulk.invited", "invited (an invite note in Lever)", float64(invited), "")
	r.Add(section, "bulk.failed_or_lost", "assessments not waiting for a result at the end", float64(int64(n)-b.waiting), "")
	if invited > 0 {
		r.Add(section, "bulk.first_invite_s", "move of the first -> first invite note", first.Sub(b.t0).Seconds(), "s")
		r.Add(section, "bulk.all_invited_s", "move of the first -> last invite note", last.Sub(b.t0).Seconds(), "s")
		r.Add(section, "bulk.invites_per_second", "invites per second (first to last invite)", perSecond(invited-1, last.Sub(first)), "/s")
		r.Add(section, "bulk.order_spearman", "invite order vs move order (Spearman's rho)", spearman(moveOrder, inviteOrder), "")
	}
	r.Add(section, "bulk.lever_per_second", "Lever requests per second sustained (middle 80% of the run)", sustainedRate(b.series), "/s")
	r.Add(section, "bulk.lever_429", "Lever requests refused with 429", float64(b.throttled), "")
	r.Add(section, "bulk.repeated_reads", "opportunity reads beyond one per candidate", float64(b.routes["GET /v1/opportunities/:id"]-n), "")
	r.Add(section, "bulk.duplicate_notes", "invite notes beyond one per candidate", float64(duplicateNotes), "")
}

func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// spearman is Spearman's rank correlation of two series of times, each
// ranked by time (ties by position): 1 when the second follows the order of
// the first exactly.
func spearman(a, b []time.Time) float64 {
	n := len(a)
	if n < 2 {
		return 1
	}
	ra, rb := ranks(a), ranks(b)
	var d2 float64
	for i := range n {
		d := float64(ra[i] - rb[i])
		d2 += d * d
	}
	nf := float64(n)
	return 1 - 6*d2/(nf*(nf*nf-1))
}

// ranks gives each time its rank (0 for the earliest).
func ranks(ts []time.Time) []int {
	idx := make([]int, len(ts))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(x, y int) int { return ts[x].Compare(ts[y]) })
	out := make([]int, len(ts))
	for rank, i := range idx {
		out[i] = rank
	}
	return out
}

// sustainedRate is cjlever's Lever requests per second over the middle
// 80% of the time it was calling Lever: the ramp-up and the tail, where
// fewer candidates are left than the limit could serve, are left out.
func sustainedRate(series []requestSample) float64 {
	i := slices.IndexFunc(series, func(s requestSample) bool { return s.total > series[0].total })
	if i < 1 {
		return 0
	}
	final := series[len(series)-1].total
	j := slices.IndexFunc(series, func(s requestSample) bool { return s.total == final })
	start, end := series[i-1].at, series[j].at
	span := end.Sub(start)
	from, to := start.Add(span/10), end.Add(-span/10)
	at := func(t time.Time) requestSample {
		k, _ := slices.BinarySearchFunc(series, t, func(s requestSample, t time.Time) int { return cmp.Compare(s.at.UnixNano(), t.UnixNano()) })
		return series[min(k, len(series)-1)]
	}
	a, b := at(from), at(to)
	return perSecond(b.total-a.total, b.at.Sub(a.at))
}
