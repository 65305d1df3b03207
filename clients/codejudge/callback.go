package codejudge

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Callback events (docs/codejudge-api.md §4).
const (
	EventInviteCompleted = "invite.completed"
	EventInviteExpired   = "invite.expired"
)

// SignatureHeader carries a callback's signature: "sha256=<lowercase hex>".
const SignatureHeader = "X-Codejudge-Signature"

const signatureScheme = "sha256="

// CallbackMaxAge is Codejudge's redelivery window: a receiver should refuse an
// event whose OccurredAt is older than this (plus some clock skew), since no
// genuine delivery arrives later.
const CallbackMaxAge = 24 * time.Hour

// CallbackEvent is the body Codejudge POSTs to an invite's callbackUrl.
type CallbackEvent struct {
	// ID is the same on every redelivery of the event: deduplicate by it.
	ID         string    `json:"id"`
	Event      string    `json:"event"`
	OccurredAt time.Time `json:"occurredAt"`
	Invite     Invite    `json:"invite"`
}

// SignCallback returns the SignatureHeader value for body:
// "sha256=" + hex(HMAC-SHA256(secret, body)).
func SignCallback(secret string, body []byte) string {
	return signatureScheme + hex.EncodeToString(callbackMAC(secret, body))
}

// VerifyCallback reports whether header is a valid signature of the raw body
// under secret. It compares in constant time, accepts only the "sha256="
// scheme, and refuses everything when the secret is empty (anyone can compute
// an HMAC under an empty key).
func VerifyCallback(secret, header string, body []byte) bool {
	if secret == "" {
		return false
	}
	hexSig, ok := strings.CutPrefix(strings.TrimSpace(header), signatureScheme)
	if !ok {
		return false
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil || len(got) != sha256.Size {
		return false
	}
	return hmac.Equal(got, callbackMAC(secret, body))
}

func callbackMAC(secret string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return m.Sum(nil)
}

// DecodeCallback parses a callback body (verify it first). It refuses an
// event that lacks what the receiver routes by: the event id and name, and
// the invite's id, testId and externalId. An unknown event name is not an
// error: receivers acknowledge and ignore events newer than they know.
func DecodeCallback(body []byte) (CallbackEvent, error) {
	var ev CallbackEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		return CallbackEvent{}, fmt.Errorf("codejudge callback: malformed JSON: %w", err)
	}
	var missing []string
	for _, f := range []struct{ name, value string }{
		{"id", ev.ID},
		{"event", ev.Event},
		{"invite.id", ev.Invite.ID},
		{"invite.testId", ev.Invite.TestID},
		{"invite.externalId", ev.Invite.ExternalID},
	} {
		if f.value == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return CallbackEvent{}, fmt.Errorf("codejudge callback: missing %s", strings.Join(missing, ", "))
	}
	if ev.OccurredAt.IsZero() {
		return CallbackEvent{}, errors.New("codejudge callback: missing occurredAt")
	}
	return ev, nil
}
