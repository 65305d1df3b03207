// Package sandbox runs the Lever and Codejudge emulators as real HTTP servers,
// seeds them like the product page's example, registers the Lever webhooks
// that point at the gateway, and describes the resulting "sandbox"
// connection. `cjlever dev` and the end-to-end tests share it, so what a
// newcomer tries by hand is what the tests run.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"time"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/emulators/codejudgeemulator"
	"github.com/cjlever/cjlever/emulators/leveremulator"
	"github.com/cjlever/cjlever/workflows"
)

// Fixed sandbox credentials: they guard nothing but local emulators, and
// being fixed lets the sandbox CLI commands find them without configuration.
const (
	ConnectionID            = "sandbox"
	LeverAPIKey             = "sandbox-lever-key"
	CodejudgeOrgID          = "sandbox-org"
	CodejudgeAPIKey         = "sandbox-codejudge-key"
	CodejudgeCallbackSecret = "sandbox-callback-secret"
	// AssessmentStage is the trigger stage's name in the seeded Lever.
	AssessmentStage = "Assessment"
)

// Options place the emulators and say where the gateway listens.
type Options struct {
	LeverListener     net.Listener
	CodejudgeListener net.Listener
	// LeverRateLimit, when set, makes the Lever emulator refuse requests
	// beyond it with 429, as Lever does beyond leveremulator.LeverRateLimit.
	LeverRateLimit leveremulator.RateLimit
	// GatewayURL is the gateway's base URL, for Lever webhooks (and through
	// the connection, for Codejudge callbacks).
	GatewayURL string
	// StateDir keeps emulator data across restarts; "" keeps it in memory.
	StateDir string
	Logger   *slog.Logger
	// RetryDelays of webhook and callback redelivery; nil takes the
	// emulators' defaults (Lever-like minutes).
	RetryDelays []time.Duration
	// LeverAccessTokenTTL is how long the Lever emulator's OAuth access
	// tokens live; zero takes Lever's hour. Tests of token refresh shorten it.
	LeverAccessTokenTTL time.Duration
}

// Sandbox is a running pair of emulators.
type Sandbox struct {
	Lever        *leveremulator.Emulator
	Codejudge    *codejudgeemulator.Emulator
	LeverURL     string // base URL of the Lever API, with /v1
	CodejudgeURL string // base URL of the Codejudge API, with /v1
	Connection   config.Connection
	Seed         leveremulator.Sandbox

	servers []*http.Server
}

// Start starts both emulators, seeds them, and registers the gateway's Lever
// webhooks (reusing ones a previous run registered).
func Start(ctx context.Context, opts Options) (*Sandbox, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	sb, err := newSandbox(opts)
	if err != nil {
		return nil, err
	}
	sb.serve(opts.LeverListener, sb.Lever.Handler(), opts.Logger)
	sb.serve(opts.CodejudgeListener, sb.Codejudge.Handler(), opts.Logger)
	if err := sb.seed(ctx, opts.GatewayURL); err != nil {
		sb.Close()
		return nil, err
	}
	return sb, nil
}

// newSandbox builds both emulators for the listeners of opts; neither serves
// yet.
func newSandbox(opts Options) (*Sandbox, error) {
	leverRoot := "http://" + opts.LeverListener.Addr().String()
	cjRoot := "http://" + opts.CodejudgeListener.Addr().String()
	lemu, err := leveremulator.New(leveremulator.Options{
		APIKey:         LeverAPIKey,
		StateFile:      stateFile(opts.StateDir, "lever-emulator.json"),
		PublicURL:      leverRoot,
		RateLimit:      opts.LeverRateLimit,
		Logger:         opts.Logger.With("component", "lever-emulator"),
		RetryDelays:    opts.RetryDelays,
		AccessTokenTTL: opts.LeverAccessTokenTTL,
	})
	if err != nil {
		return nil, fmt.Errorf("lever emulator: %w", err)
	}
	cjemu, err := codejudgeemulator.New(codejudgeemulator.Options{
		Organisations: []codejudgeemulator.Organisation{{ID: CodejudgeOrgID, APIKey: CodejudgeAPIKey, CallbackSecret: CodejudgeCallbackSecret}},
		StateFile:     stateFile(opts.StateDir, "codejudge-emulator.json"),
		Logger:        opts.Logger.With("component", "codejudge-emulator"),
		RetryDelays:   opts.RetryDelays,
		PublicURL:     cjRoot,
	})
	if err != nil {
		lemu.Close()
		return nil, fmt.Errorf("codejudge emulator: %w", err)
	}
	return &Sandbox{
		Lever: lemu, Codejudge: cjemu,
		LeverURL: leverRoot + "/v1", CodejudgeURL: cjRoot + "/v1",
	}, nil
}

// stateFile is where an emulator keeps its data under dir; "" (in memory)
// when dir is.
func stateFile(dir, name string) string {
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, name)
}

// seed seeds the Lever emulator, registers the gateway's webhooks, and
// describes the resulting connection.
func (sb *Sandbox) seed(ctx context.Context, gatewayURL string) error {
	seed, err := sb.Lever.SeedSandbox()
	if err != nil {
		return fmt.Errorf("seeding the lever emulator: %w", err)
	}
	sb.Seed = seed
	tokens, err := registerWebhooks(ctx, sb.LeverURL, gatewayURL)
	if err != nil {
		return err
	}
	sb.Connection = config.Connection{
		ID:             ConnectionID,
		TriggerStageID: seed.AssessmentStageID,
		PerformAs:      seed.UserID,
		Lever:          config.LeverAccount{BaseURL: sb.LeverURL, APIKey: LeverAPIKey, WebhookTokens: tokens},
		Codejudge: config.CodejudgeAccount{
			BaseURL: sb.CodejudgeURL, APIKey: CodejudgeAPIKey, CallbackSecret: CodejudgeCallbackSecret,
		},
	}
	return nil
}

// webhookEvents are the Lever webhooks a connection needs, plus
// candidateHired, which Lever's Verify Connection sends.
var webhookEvents = append(slices.Clone(workflows.LeverWebhookEvents), lever.EventCandidateHired)

// registerWebhooks points the emulator's webhooks at the gateway through the
// Lever API, as a customer would, and returns each one's signature token.
func registerWebhooks(ctx context.Context, leverURL, gatewayURL string) (map[string]config.Secret, error) {
	lc, err := lever.New(lever.Config{BaseURL: leverURL, APIKey: LeverAPIKey, Account: ConnectionID})
	if err != nil {
		return nil, err
	}
	url := gatewayURL + "/webhooks/lever/" + ConnectionID
	existing, err := lc.ListWebhooks(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing lever webhooks: %w", err)
	}
	tokens := map[string]config.Secret{}
	for _, w := range existing {
		if w.URL == url && w.SignatureToken != "" {
			tokens[w.Event] = config.Secret(w.SignatureToken)
		}
	}
	for _, event := range webhookEvents {
		if _, ok := tokens[event]; ok {
			continue
		}
		w, err := lc.CreateWebhook(ctx, url, event)
		if err != nil {
			return nil, fmt.Errorf("registering the lever %s webhook: %w", event, err)
		}
		if w.SignatureToken == "" {
			return nil, fmt.Errorf("lever returned no signature token for the %s webhook", event)
		}
		tokens[event] = config.Secret(w.SignatureToken)
	}
	return tokens, nil
}

// serve runs an emulator's HTTP server on l. Its timeouts are the gateway's:
// a slow client must not hold a connection open.
func (sb *Sandbox) serve(l net.Listener, h http.Handler, logger *slog.Logger) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
	sb.servers = append(sb.servers, srv)
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("emulator server stopped", "error", err)
		}
	}()
}

// Close stops the servers and the emulators' pending deliveries.
func (sb *Sandbox) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, s := range sb.servers {
		_ = s.Shutdown(ctx)
	}
	sb.Lever.Close()
	sb.Codejudge.Close()
}
