package ops

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cjlever/cjlever/workflows"
)

// Filter selects assessments; zero fields select all.
type Filter struct {
	// Status is the CJStatus, e.g. workflows.StateNeedsAttention.
	Status workflows.State
	// Connection is the CJConnection.
	Connection string
	// Opportunity is the CJOpportunityId.
	Opportunity string
	// OlderThan selects assessments whose CJStatus last changed longer ago.
	OlderThan time.Duration
	// RunningOnly leaves out closed runs.
	RunningOnly bool
}

// Query is the filter as a Temporal visibility query at now. A value that
// Validate refuses (a quote, a control character, an unknown status) is
// refused rather than escaped: no id, status or connection of ours has one,
// and refusing leaves nothing to get wrong.
func (f Filter) Query(now time.Time) (string, error) {
	if err := f.Validate(); err != nil {
		return "", err
	}
	clauses := []string{fmt.Sprintf("WorkflowType = '%s'", workflows.CandidateAssessmentWorkflowName)}
	for _, eq := range []struct{ attr, value string }{
		{workflows.SearchAttrStatus.GetName(), string(f.Status)},
		{workflows.SearchAttrConnection.GetName(), f.Connection},
		{workflows.SearchAttrOpportunity.GetName(), f.Opportunity},
	} {
		if eq.value == "" {
			continue
		}
		clauses = append(clauses, fmt.Sprintf("%s = '%s'", eq.attr, eq.value))
	}
	if f.OlderThan > 0 {
		clauses = append(clauses, fmt.Sprintf("%s < '%s'", workflows.SearchAttrLastChange.GetName(),
			now.Add(-f.OlderThan).UTC().Format(time.RFC3339)))
	}
	if f.RunningOnly {
		clauses = append(clauses, "ExecutionStatus = 'Running'")
	}
	return strings.Join(clauses, " AND "), nil
}

// ParseAge reads an age such as "90m", "36h" or "3d" (days, which Go's
// durations lack), for OlderThan; at most MaxAge.
func ParseAge(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("%w: age %q: want e.g. 3d, 36h or 90m", ErrInvalid, s)
		}
		// Compared in days, before multiplying, so a huge count cannot
		// overflow into a small duration.
		if int64(n) > int64(MaxAge/(24*time.Hour)) {
			return 0, errAgeRange()
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%w: age %q: want e.g. 3d, 36h or 90m", ErrInvalid, s)
	}
	return d, checkAge(d)
}
