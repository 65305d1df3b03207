package codejudgeemulator

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/emulators/internal/delivery"
)

// Delivery is one attempt to deliver a callback; its Target is the invite id.
type Delivery = delivery.Record

// newDeliverer delivers callbacks as docs/codejudge-api.md §4 describes,
// redelivering failures after each of delays.
func newDeliverer(client *http.Client, delays []time.Duration, log *slog.Logger, now func() time.Time) *delivery.Deliverer {
	return delivery.New(delivery.Config{
		Name: "codejudge emulator", What: "callback", TargetKey: "invite", UserAgent: "Codejudge-Callbacks/1",
		Client: client, Delays: delays, Log: log, Now: now,
	})
}

// callbackJob is one event about an invite. body is encoded and signed once,
// so every redelivery carries the same bytes and the same signature. An
// invite has at most one callback (it completes or expires), so ordering by
// invite holds nothing back.
func callbackJob(eventID, event, inviteID, url, secret string, body []byte) delivery.Job {
	header := http.Header{}
	header.Set(codejudge.SignatureHeader, codejudge.SignCallback(secret, body))
	return delivery.Job{
		EventID: eventID, Event: event, Target: inviteID, URL: url,
		Request: func() ([]byte, http.Header, error) { return body, header, nil },
	}
}
