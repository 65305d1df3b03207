package ops

import (
	"fmt"
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

// Query is the filter as a Temporal visibility query at now. A value with a
// quote or backslash is refused rather than escaped: no id, status or
// connection of ours has one, and refusing leaves nothing to get wrong.
func (f Filter) Query(now time.Time) (string, error) {
	clauses := []string{fmt.Sprintf("WorkflowType = '%s'", workflows.CandidateAssessmentWorkflowName)}
	for _, eq := range []struct{ attr, value string }{
		{workflows.SearchAttrStatus.GetName(), string(f.Status)},
		{workflows.SearchAttrConnection.GetName(), f.Connection},
		{workflows.SearchAttrOpportunity.GetName(), f.Opportunity},
	} {
		if eq.value == "" {
			continue
		}
		if strings.ContainsAny(eq.value, `'"\`+"`") {
			return "", fmt.Errorf("%w: %s must not contain quotes or backslashes", ErrInvalid, eq.attr)
		}
		clauses = append(clauses, fmt.Sprintf("%s = '%s'", eq.attr, eq.value))
	}
	if f.OlderThan < 0 {
		return "", fmt.Errorf("%w: older-than must not be negative", ErrInvalid)
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
