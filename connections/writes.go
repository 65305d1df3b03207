package connections

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"golang.org/x/oauth2"

	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/workflows"
)

// NewConnection is what the settings page's "Add" asks for; Lever is
// connected next, over OAuth.
type NewConnection struct {
	ID, Environment, PerformAs, CodejudgeAPIKey, CodejudgeCallbackSecret string
}

// Settings is what an admin changes on a connection; only non-empty webhook
// tokens change.
type Settings struct {
	TriggerStageID, PerformAs string
	WebhookTokens             map[string]string
}

// Apply creates the connection or replaces its settings (a connections
// file, the dev sandbox), in one call.
func (d *Directory) Apply(ctx context.Context, c config.Connection) error {
	if err := c.Validate(); err != nil {
		return invalidf("%v", err)
	}
	return d.updateWithStart(ctx, c.ID, workflows.ApplyConnectionUpdate, fromConfig(c))
}

// Create adds a connection in a known Lever environment, with the
// deployment's Codejudge API.
func (d *Directory) Create(ctx context.Context, nc NewConnection) error {
	if err := (config.Connection{ID: nc.ID}).ValidateID(); err != nil {
		return invalidf("%v", err)
	}
	env, ok := d.opts.Environments[nc.Environment]
	if !ok {
		return invalidf("unknown Lever environment %q", nc.Environment)
	}
	if d.opts.CodejudgeBaseURL == "" {
		return invalidf("this deployment has no Codejudge API URL (CJLEVER_CODEJUDGE_BASE_URL)")
	}
	return d.updateWithStart(ctx, nc.ID, workflows.CreateConnectionUpdate, workflows.ConnectionSettings{
		ID: nc.ID, Environment: env.Name, PerformAs: nc.PerformAs,
		Lever: workflows.LeverSettings{BaseURL: env.APIBaseURL},
		Codejudge: workflows.CodejudgeSettings{BaseURL: d.opts.CodejudgeBaseURL, APIKey: nc.CodejudgeAPIKey,
			CallbackSecret: nc.CodejudgeCallbackSecret},
	})
}

// BeginOAuth records state (as a digest, single use, for
// workflows.OAuthStateLifetime) and returns where to send the admin.
func (d *Directory) BeginOAuth(ctx context.Context, id, state string) (string, error) {
	rec, err := d.record(ctx, id)
	if err != nil {
		return "", err
	}
	env, ok := d.opts.Environments[rec.Settings.Environment]
	if !ok {
		return "", invalidf("connection %s is not in a known Lever environment", id)
	}
	if err := d.update(ctx, id, workflows.BeginOAuthUpdate, nil, workflows.BeginOAuthInput{StateDigest: digest(state)}); err != nil {
		return "", err
	}
	return env.AuthCodeURL(d.opts.OAuth, state), nil
}

// CompleteOAuth consumes state, exchanges code for tokens and reads the
// account's stages.
func (d *Directory) CompleteOAuth(ctx context.Context, id, state, code string) error {
	return d.update(ctx, id, workflows.CompleteOAuthUpdate, nil,
		workflows.CompleteOAuthInput{StateDigest: digest(state), Code: code})
}

// Save changes the trigger stage, the acting user and webhook tokens.
func (d *Directory) Save(ctx context.Context, id string, s Settings) error {
	return d.update(ctx, id, workflows.SaveConnectionUpdate, nil, workflows.SaveConnectionInput{
		TriggerStageID: s.TriggerStageID, PerformAs: s.PerformAs, WebhookTokens: s.WebhookTokens,
	})
}

// RegisterWebhooks registers applicationCreated, candidateStageChange and
// candidateArchiveChange webhooks for webhookURL and keeps their tokens.
func (d *Directory) RegisterWebhooks(ctx context.Context, id, webhookURL string) error {
	return d.update(ctx, id, workflows.RegisterWebhooksUpdate, nil, workflows.RegisterWebhooksInput{WebhookURL: webhookURL})
}

// Disable ends the connection's running assessments (with a note), deletes
// our webhooks and forgets the tokens.
func (d *Directory) Disable(ctx context.Context, id string) error {
	return d.update(ctx, id, workflows.DisableConnectionUpdate, nil)
}

// LeverToken returns a valid access token of an OAuth connection, with its
// lifetime in ExpiresIn; stale is a token Lever refused (see
// activities.LeverTokenIssuer).
func (d *Directory) LeverToken(ctx context.Context, id, stale string) (*oauth2.Token, error) {
	var tok workflows.LeverAccessToken
	if err := d.update(ctx, id, workflows.LeverTokenUpdate, &tok, workflows.LeverTokenRequest{Stale: stale}); err != nil {
		return nil, fmt.Errorf("Lever token of connection %s: %w", id, err)
	}
	return &oauth2.Token{AccessToken: tok.AccessToken, TokenType: "Bearer", Expiry: tok.Expiry,
		ExpiresIn: int64(tok.Lifetime / time.Second)}, nil
}

// digest is what the workflow keeps of an OAuth state: never the state.
func digest(state string) string {
	sum := sha256.Sum256([]byte(state))
	return hex.EncodeToString(sum[:])
}
