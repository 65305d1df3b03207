//go:build !nodev

package main

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/cjlever/cjlever/bench"
	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/emulators/leveremulator"
	"github.com/cjlever/cjlever/sandbox"
)

// leverNotesPageSize is the notes one list returns: the bench reads one
// page, so an opportunity must have fewer notes than this.
const leverNotesPageSize = 100

// benchLever is bench.Lever over one account of the sandbox's Lever
// emulator. The bench drives it with an unmetered key of the account (the
// recruiters' own use of Lever), through the same client the sandbox CLI
// uses; cjlever's connection has the account's API key, which Lever meters
// and counts apart.
type benchLever struct {
	emu     *leveremulator.Emulator
	seed    leveremulator.Sandbox // AddAccount seeds the same ids
	account string
	// cjleverKey is the connection's API key, whose requests are cjlever's.
	cjleverKey string
	client     *lever.Client
	seq        atomic.Int64
}

// newBenchLever is the account named account, driven with a new unmetered
// key of it.
func newBenchLever(sb *sandbox.Sandbox, account, cjleverKey string) (*benchLever, error) {
	key, err := sb.Lever.AddUnmeteredAPIKey(account)
	if err != nil {
		return nil, err
	}
	lc, err := lever.New(lever.Config{BaseURL: sb.LeverURL, APIKey: key, Account: "bench-" + account, MaxAttempts: 1, RequestsPerSecond: -1})
	if err != nil {
		return nil, err
	}
	return &benchLever{emu: sb.Lever, seed: sb.Seed, account: account, cjleverKey: cjleverKey, client: lc}, nil
}

// CreateCandidate implements bench.Lever: on the sandbox posting, whose
// Codejudge test tag the opportunity inherits. The email names the account:
// every account's candidates are invited by the one Codejudge organisation,
// which refuses a second invite to the same person.
func (l *benchLever) CreateCandidate(ctx context.Context) (string, error) {
	n := l.seq.Add(1)
	o, err := l.client.CreateOpportunity(ctx, lever.NewOpportunity{
		Name: fmt.Sprintf("Bench Candidate %d", n), Emails: []string{fmt.Sprintf("bench-%s-%d@example.com", l.account, n)},
		Postings: []string{l.seed.PostingID},
	}, l.seed.UserID)
	return o.ID, err
}

// MoveToTrigger implements bench.Lever.
func (l *benchLever) MoveToTrigger(ctx context.Context, opportunityID string) error {
	return l.client.MoveStage(ctx, opportunityID, l.seed.AssessmentStageID, l.seed.UserID)
}

// Notes implements bench.Lever.
func (l *benchLever) Notes(ctx context.Context, opportunityID string) ([]bench.Note, error) {
	notes, err := l.client.ListNotes(ctx, opportunityID)
	if len(notes) >= leverNotesPageSize {
		return nil, fmt.Errorf("%s has %d notes: more than one page, which the bench would miscount", opportunityID, len(notes))
	}
	out := make([]bench.Note, len(notes))
	for i, n := range notes {
		out[i] = bench.Note{Text: n.Value, Created: time.UnixMilli(n.CreatedAt)}
	}
	return out, err
}

// Requests implements bench.Lever from the emulator's own count.
func (l *benchLever) Requests() map[string]int { return l.emu.RequestCounts(l.cjleverKey) }

// Throttled implements bench.Lever. Only cjlever's key is metered, so the
// account's refusals are all cjlever's.
func (l *benchLever) Throttled() int64 { return l.emu.Throttled(l.account) }

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
