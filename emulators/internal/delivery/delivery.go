// Package delivery sends the emulators' outgoing events (Lever's webhooks,
// Codejudge's callbacks) the way the real services do: in the background,
// as a JSON POST that only a 2xx acknowledges, never following a redirect,
// and redelivering a failed event after each of a list of delays.
//
// What differs between the emulators is how each attempt's request is
// built, so a Job carries that as a function.
package delivery

import (
	"log/slog"
	"net/http"
	"time"
)

// Job is one event for one receiver.
type Job struct {
	EventID string
	Event   string
	// Target is whom the event concerns: a Lever webhook id, a Codejudge
	// invite id. First attempts to one target go out in order.
	Target string
	URL    string
	// Request builds one attempt's body and any headers beyond Content-Type
	// and User-Agent. It runs for every attempt, so an emulator can sign
	// each one afresh (Lever) or re-send the same signed bytes (Codejudge).
	Request func() (body []byte, header http.Header, err error)
}

// Record is the outcome of one attempt.
type Record struct {
	EventID string
	Event   string
	Target  string
	URL     string
	Attempt int    // 1 for the first delivery
	Status  int    // the receiver's HTTP status; 0 when none came
	Err     string // why no status came, if so
	At      time.Time
}

// OK reports whether the attempt was acknowledged: only a 2xx counts.
func (r Record) OK() bool { return r.Status >= 200 && r.Status < 300 }

// Config configures a Deliverer; Log and Now are required.
type Config struct {
	// Name prefixes logs and errors, e.g. "lever emulator".
	Name string
	// What names a job in logs, e.g. "webhook event".
	What string
	// TargetKey is the log key of Job.Target, e.g. "webhookId".
	TargetKey string
	UserAgent string
	// Client sends the attempts (default: a 10s timeout). It is copied, and
	// the copy never follows redirects: a 3xx is a failed delivery.
	Client *http.Client
	// Delays are the gaps between redeliveries: a job is attempted
	// len(Delays)+1 times at most.
	Delays []time.Duration
	Log    *slog.Logger
	Now    func() time.Time
}
