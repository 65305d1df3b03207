package activities

import (
	"context"
	"maps"
	"slices"

	"golang.org/x/oauth2"

	"github.com/cjlever/cjlever/clients/lever"
)

// ListLeverStages reads the account's stages, for the settings page's
// choice of trigger stage.
func (a *Activities) ListLeverStages(ctx context.Context, in LeverCredentials) ([]LeverStage, error) {
	api, err := a.leverWith(in)
	if err != nil {
		return nil, err
	}
	stages, err := api.ListStages(ctx)
	if err != nil {
		return nil, apiFailure(ctx, "could not list the Lever stages", err)
	}
	out := make([]LeverStage, len(stages))
	for i, s := range stages {
		out[i] = LeverStage{ID: s.ID, Text: s.Text}
	}
	return out, nil
}

// RegisterLeverWebhooks deletes the webhooks we registered before, then
// registers one per event and returns each one's id and signature token. A
// retried attempt may leave a duplicate webhook behind: Lever has no
// idempotency key; Replace of the next registration deletes only ours.
func (a *Activities) RegisterLeverWebhooks(ctx context.Context, in RegisterWebhooksInput) (map[string]RegisteredWebhook, error) {
	api, err := a.leverWith(in.Lever)
	if err != nil {
		return nil, err
	}
	if err := deleteWebhooks(ctx, api, in.Replace); err != nil {
		return nil, err
	}
	out := make(map[string]RegisteredWebhook, len(in.Events))
	for _, event := range in.Events {
		hook, err := api.CreateWebhook(ctx, in.URL, event)
		if err != nil {
			return nil, apiFailure(ctx, "could not register the Lever webhook for "+event, err)
		}
		out[event] = RegisteredWebhook{ID: hook.ID, Token: hook.SignatureToken}
	}
	return out, nil
}

// DeleteLeverWebhooks deletes the webhooks we registered; one already gone
// counts as deleted.
func (a *Activities) DeleteLeverWebhooks(ctx context.Context, in DeleteWebhooksInput) error {
	api, err := a.leverWith(in.Lever)
	if err != nil {
		return err
	}
	return deleteWebhooks(ctx, api, in.IDs)
}

func deleteWebhooks(ctx context.Context, api *lever.Client, ids map[string]string) error {
	for _, event := range slices.Sorted(maps.Keys(ids)) {
		if err := api.DeleteWebhook(ctx, ids[event]); err != nil {
			return apiFailure(ctx, "could not delete the Lever webhook for "+event, err)
		}
	}
	return nil
}

// leverWith builds a Lever client for one call of a connection activity,
// from the credentials the Connection workflow handed over.
func (a *Activities) leverWith(c LeverCredentials) (*lever.Client, error) {
	opts := a.ClientOptions
	cfg := lever.Config{BaseURL: c.BaseURL, APIKey: c.APIKey, HTTPClient: opts.HTTPClient,
		Account: "connection-setup", Observe: opts.Observe}
	if c.AccessToken != "" {
		cfg.APIKey = ""
		cfg.HTTPClient = lever.AuthorizingClient(opts.HTTPClient,
			oauth2.StaticTokenSource(&oauth2.Token{AccessToken: c.AccessToken, TokenType: "Bearer"}))
	}
	api, err := lever.New(cfg)
	if err != nil {
		return nil, badInput("the connection's Lever settings: %v", err)
	}
	return api, nil
}
