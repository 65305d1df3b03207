package codejudgeemulator

import (
	"math"
	"sort"

	"github.com/cjlever/cjlever/clients/codejudge"
)

// buildResult makes the result a completion reports. Without a given time
// the candidate is taken to have used two thirds of the test's duration.
func buildResult(test codejudge.Test, c completion, reportURL string) codejudge.Result {
	taken := test.DurationMinutes * 60 * 2 / 3
	if c.TimeTakenSeconds != nil {
		taken = *c.TimeTakenSeconds
	}
	return codejudge.Result{
		Score:             *c.Score,
		MaxScore:          test.MaxScore,
		Percentage:        percentage(*c.Score, test.MaxScore),
		Sections:          spreadScore(*c.Score, test.Sections),
		TimeTakenSeconds:  taken,
		PlagiarismFlagged: c.PlagiarismFlagged,
		PlagiarismDetails: c.PlagiarismDetails,
		ReportURL:         reportURL,
	}
}

// percentage is score/max*100 rounded to one decimal.
func percentage(score, max int) float64 {
	return math.Round(float64(score)*1000/float64(max)) / 10
}

// spreadScore shares score among sections in proportion to their maxScore by
// the largest-remainder method, so section scores are whole, sum to score,
// and never exceed a section's maximum (sections sum to the test's maxScore,
// which indexTests checks).
func spreadScore(score int, sections []codejudge.Section) []codejudge.SectionScore {
	out := make([]codejudge.SectionScore, len(sections))
	total := 0
	for _, s := range sections {
		total += s.MaxScore
	}
	if total == 0 {
		return out
	}
	type share struct{ index, remainder int }
	shares := make([]share, len(sections))
	given := 0
	for i, s := range sections {
		out[i] = codejudge.SectionScore{Name: s.Name, Score: score * s.MaxScore / total, MaxScore: s.MaxScore}
		shares[i] = share{i, score * s.MaxScore % total}
		given += out[i].Score
	}
	// Ties go to the earlier section, so the spread is deterministic.
	sort.SliceStable(shares, func(a, b int) bool { return shares[a].remainder > shares[b].remainder })
	for _, sh := range shares[:score-given] {
		out[sh.index].Score++
	}
	return out
}
