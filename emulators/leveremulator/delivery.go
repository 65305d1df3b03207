package leveremulator

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/emulators/internal/delivery"
)

// deliveryTokenLen is the length of Lever's per-delivery token.
const deliveryTokenLen = 48

// Delivery is one attempt to deliver a webhook event; its Target is the
// webhook id.
type Delivery = delivery.Record

// newDeliverer delivers webhook events as Lever does. A webhook's events make
// their first attempts in order; a failed event is redelivered on its own.
func newDeliverer(client *http.Client, delays []time.Duration, log *slog.Logger, now func() time.Time) *delivery.Deliverer {
	return delivery.New(delivery.Config{
		Name: "lever emulator", What: "webhook event", TargetKey: "webhookId", UserAgent: "Lever-Webhooks",
		Client: client, Delays: delays, Log: log, Now: now,
	})
}

// webhookJob is one event for one webhook. The envelope is built per
// attempt: Lever signs a token that is new on every attempt, while the id,
// triggeredAt (Unix ms) and data stay the same.
func webhookJob(eventID, event string, w *webhookRecord, triggeredAt int64, data json.RawMessage) delivery.Job {
	signatureToken := w.SignatureToken // a copy: w changes under the account's lock
	return delivery.Job{
		EventID: eventID, Event: event, Target: w.ID, URL: w.URL,
		Request: func() ([]byte, http.Header, error) {
			token := randomAlphanumeric(deliveryTokenLen)
			body, err := json.Marshal(lever.WebhookEvent{
				ID:          eventID,
				Event:       event,
				TriggeredAt: triggeredAt,
				Token:       token,
				Signature:   lever.WebhookSignature(signatureToken, token, triggeredAt),
				Data:        data,
			})
			return body, nil, err
		},
	}
}
