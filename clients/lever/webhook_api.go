package lever

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/cjlever/cjlever/clients/apiclient"
)

const (
	opListWebhooks  = "GET /webhooks"
	opCreateWebhook = "POST /webhooks"
	opDeleteWebhook = "DELETE /webhooks/:id"
)

// ListWebhooks lists the account's registered webhooks, following pages.
// Lever may leave signature tokens out of this answer.
func (c *Client) ListWebhooks(ctx context.Context) ([]Webhook, error) {
	return listAll[Webhook](ctx, c, apiclient.Call{
		Method: http.MethodGet, Path: "/webhooks", Op: opListWebhooks, Idempotent: true,
	})
}

// CreateWebhook registers url for event and returns the webhook with its new
// signature token. It is not retried in-call: a repeat would register the
// URL twice.
func (c *Client) CreateWebhook(ctx context.Context, url, event string) (Webhook, error) {
	raw, err := get[json.RawMessage](ctx, c, apiclient.Call{
		Method: http.MethodPost, Path: "/webhooks", Op: opCreateWebhook,
		Body: map[string]string{"url": url, "event": event},
	})
	if err != nil {
		return Webhook{}, err
	}
	// Lever nests the webhook one level deeper than its other answers,
	// {"data": {"data": {...}}}; accept the flat {"data": {...}} too.
	var nested struct {
		Data json.RawMessage `json:"data"`
	}
	if json.Unmarshal(raw, &nested) == nil && firstByte(nested.Data) == '{' {
		raw = nested.Data
	}
	var w Webhook
	if err := json.Unmarshal(raw, &w); err != nil {
		return Webhook{}, &apiclient.Error{Service: Service, Op: opCreateWebhook, Kind: apiclient.KindPermanent,
			Message: "decoding the created webhook: " + err.Error(), Err: err}
	}
	return w, nil
}

// DeleteWebhook removes a webhook we registered. A webhook that is already
// gone counts as deleted.
func (c *Client) DeleteWebhook(ctx context.Context, id string) error {
	eid, err := escapeID(opDeleteWebhook, id)
	if err != nil {
		return err
	}
	err = c.api.Do(ctx, apiclient.Call{
		Method: http.MethodDelete, Path: "/webhooks/" + eid, Op: opDeleteWebhook, Idempotent: true,
	}, nil)
	if apiclient.IsNotFound(err) {
		return nil
	}
	return err
}
