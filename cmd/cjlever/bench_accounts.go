//go:build !nodev

package main

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"sync/atomic"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/sandbox"
)

// The Lever routes the bench calls itself, named as the Lever emulator
// counts them.
const (
	routeMoveStage     = "PUT /v1/opportunities/:id/stage"
	routeListNotes     = "GET /v1/opportunities/:id/notes"
	routeCreateOpp     = "POST /v1/opportunities"
	leverNotesPageSize = 100 // one page per list while fewer notes than this
)

// benchLever is bench.Lever over the sandbox's Lever emulator, through the
// same client the sandbox CLI uses.
type benchLever struct {
	sb      *sandbox.Sandbox
	clients *sandboxClients
	seq     atomic.Int64

	mu  sync.Mutex
	own map[string]int
}

func (l *benchLever) counted(route string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.own[route]++
}

// CreateCandidate implements bench.Lever: on the sandbox posting, whose
// Codejudge test tag the opportunity inherits.
func (l *benchLever) CreateCandidate(ctx context.Context) (string, error) {
	n := l.seq.Add(1)
	l.counted(routeCreateOpp)
	o, err := l.clients.lever.CreateOpportunity(ctx, lever.NewOpportunity{
		Name: fmt.Sprintf("Bench Candidate %d", n), Emails: []string{fmt.Sprintf("bench-%d@example.com", n)},
		Postings: []string{l.sb.Seed.PostingID},
	}, l.sb.Seed.UserID)
	return o.ID, err
}

// MoveToTrigger implements bench.Lever.
func (l *benchLever) MoveToTrigger(ctx context.Context, opportunityID string) error {
	l.counted(routeMoveStage)
	return l.clients.lever.MoveStage(ctx, opportunityID, l.sb.Seed.AssessmentStageID, l.sb.Seed.UserID)
}

// Notes implements bench.Lever.
func (l *benchLever) Notes(ctx context.Context, opportunityID string) ([]string, error) {
	l.counted(routeListNotes)
	notes, err := l.clients.lever.ListNotes(ctx, opportunityID)
	if len(notes) >= leverNotesPageSize {
		return nil, fmt.Errorf("%s has %d notes: more than one page, which the bench would miscount", opportunityID, len(notes))
	}
	texts := make([]string, len(notes))
	for i, n := range notes {
		texts[i] = n.Value
	}
	return texts, err
}

// Requests implements bench.Lever from the emulator's own count.
func (l *benchLever) Requests() map[string]int { return l.sb.Lever.RequestCounts(sandbox.LeverAPIKey) }

// OwnRequests implements bench.Lever.
func (l *benchLever) OwnRequests() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return maps.Clone(l.own)
}

// benchCodejudge is bench.Codejudge over the sandbox's Codejudge emulator.
type benchCodejudge struct{ clients *sandboxClients }

// Complete implements bench.Codejudge with the sandbox's complete action.
func (c benchCodejudge) Complete(ctx context.Context, opportunityID string, score int) error {
	invites, err := c.clients.codejudge.ListInvites(ctx, codejudge.InviteFilter{ExternalID: opportunityID})
	if err != nil {
		return err
	}
	for _, inv := range invites {
		if !inv.Status.Final() {
			if err := c.clients.sandboxComplete(ctx, inv.ID, score); err != nil {
				return err
			}
		}
	}
	return nil
}
