package ops

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cjlever/cjlever/workflows"
)

// Ref names one assessment: an opportunity on a connection. Connection may
// be empty: Resolve finds it.
type Ref struct {
	Connection  string
	Opportunity string
}

// WorkflowID is the assessment's workflow id.
func (r Ref) WorkflowID() string {
	return workflows.AssessmentWorkflowID(r.Connection, r.Opportunity)
}

// Resolve checks a Ref (ErrInvalid) and fills its missing connection from
// the visibility store (CJOpportunityId): ErrNotFound when the opportunity has no assessment,
// ErrAmbiguous, naming the connections, when it has them on several.
func (s *Service) Resolve(ctx context.Context, ref Ref) (Ref, error) {
	if err := ref.Validate(); err != nil {
		return Ref{}, err
	}
	if ref.Connection != "" {
		return ref, nil
	}
	runs, err := s.List(ctx, Filter{Opportunity: ref.Opportunity})
	if err != nil {
		return Ref{}, err
	}
	var conns []string
	for _, r := range runs {
		if !slices.Contains(conns, r.Connection) {
			conns = append(conns, r.Connection)
		}
	}
	switch len(conns) {
	case 0:
		return Ref{}, fmt.Errorf("%w for opportunity %s", ErrNotFound, ref.Opportunity)
	case 1:
		return Ref{Connection: conns[0], Opportunity: ref.Opportunity}, nil
	}
	slices.Sort(conns)
	return Ref{}, fmt.Errorf("%w: opportunity %s has assessments on connections %s: name one (--connection)",
		ErrAmbiguous, ref.Opportunity, strings.Join(conns, ", "))
}
