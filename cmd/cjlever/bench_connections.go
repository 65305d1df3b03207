//go:build !nodev

package main

import (
	"context"
	"fmt"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/sandbox"
)

// Accounts of the Lever emulator the bench adds, each a connection of its
// own, besides the sandbox's.
const (
	benchIngestAccount = "bench-ingest"
	benchBulkAccount   = "bench-bulk"
	benchMemoryAccount = "bench-memory-"
)

// benchMemoryAccounts is how many accounts the memory part spreads waiting
// candidates over: one per 500, so that each account's Lever limit brings
// its share to wait in under three minutes, and at most 20.
func benchMemoryAccounts(waiting int) int {
	return min(max((waiting+499)/500, 1), 20)
}

// addBenchConnection adds the Lever account name to the emulator (seeded
// as the sandbox's, sharing its Codejudge organisation) and registers only
// Lever's candidateStageChange webhook at the gateway: creating candidates
// there makes no applicationCreated check, so costs cjlever no Lever call.
// It returns the connection, named as the account.
func addBenchConnection(ctx context.Context, sb *sandbox.Sandbox, name, gatewayURL string) (config.Connection, error) {
	key, err := sb.Lever.AddAccount(name)
	if err != nil {
		return config.Connection{}, err
	}
	lc, err := lever.New(lever.Config{BaseURL: sb.LeverURL, APIKey: key, Account: name, MaxAttempts: 1, RequestsPerSecond: -1})
	if err != nil {
		return config.Connection{}, err
	}
	w, err := lc.CreateWebhook(ctx, gatewayURL+"/webhooks/lever/"+name, lever.EventCandidateStageChange)
	if err != nil {
		return config.Connection{}, fmt.Errorf("registering the webhook of %s: %w", name, err)
	}
	conn := sb.Connection
	conn.ID = name
	conn.Lever = config.LeverAccount{BaseURL: sb.LeverURL, APIKey: config.Secret(key),
		WebhookTokens: map[string]config.Secret{lever.EventCandidateStageChange: config.Secret(w.SignatureToken)}}
	return conn, nil
}
