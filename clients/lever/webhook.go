package lever

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// Webhook events Lever sends.
const (
	EventApplicationCreated     = "applicationCreated"
	EventCandidateStageChange   = "candidateStageChange"
	EventCandidateArchiveChange = "candidateArchiveChange"
	EventCandidateHired         = "candidateHired"
	EventCandidateDeleted       = "candidateDeleted"
	EventContactCreated         = "contactCreated"
	EventContactUpdated         = "contactUpdated"
	EventInterviewCreated       = "interviewCreated" // beta
	EventInterviewUpdated       = "interviewUpdated" // beta
	EventInterviewDeleted       = "interviewDeleted" // beta
)

// Events lists every event a webhook can be registered for.
func Events() []string {
	return []string{
		EventApplicationCreated, EventCandidateStageChange, EventCandidateArchiveChange,
		EventCandidateHired, EventCandidateDeleted, EventContactCreated, EventContactUpdated,
		EventInterviewCreated, EventInterviewUpdated, EventInterviewDeleted,
	}
}

// WebhookEvent is the body Lever POSTs to a webhook. Lever signs token and
// triggeredAt, not the body: see WebhookSignature.
type WebhookEvent struct {
	// ID is the event id: the same on every redelivery, but not always sent.
	ID    string `json:"id,omitempty"`
	Event string `json:"event"`
	// TriggeredAt is Unix milliseconds, an integer on the wire.
	TriggeredAt int64 `json:"triggeredAt"`
	// Token is random and new on every delivery attempt.
	Token     string `json:"token"`
	Signature string `json:"signature"` // lowercase hex
	// Data is the event's payload, e.g. StageChangeData; Lever's "Verify
	// Connection" sends {}.
	Data json.RawMessage `json:"data,omitempty"`
}

// StageChangeData is the data of a candidateStageChange event.
type StageChangeData struct {
	OpportunityID string `json:"opportunityId"`
	// CandidateID is the opportunity id again (Lever's legacy name).
	CandidateID string `json:"candidateId"`
	ContactID   string `json:"contactId"`
	FromStageID string `json:"fromStageId"`
	ToStageID   string `json:"toStageId"`
}

// ApplicationCreatedData is the data of an applicationCreated event.
// ApplicationID and PostingID are likely but not settled: do not rely on
// them; read the opportunity.
type ApplicationCreatedData struct {
	OpportunityID string `json:"opportunityId"`
	CandidateID   string `json:"candidateId"`
	ContactID     string `json:"contactId"`
	ApplicationID string `json:"applicationId,omitempty"`
	PostingID     string `json:"postingId,omitempty"`
}

// ArchiveChangeData is the data of a candidateArchiveChange event. The
// opportunity's new archive state is toArchived in Lever's documentation and
// archived in some deliveries: either, when set, means it was archived; null
// means it was restored.
type ArchiveChangeData struct {
	OpportunityID string    `json:"opportunityId"`
	CandidateID   string    `json:"candidateId"`
	ToArchived    *Archived `json:"toArchived"`
	Archived      *Archived `json:"archived"`
}

// DeletedData is the data of a candidateDeleted event. Lever's docs do not
// settle its fields: the opportunity id, else the candidate id (Lever's
// candidate ids are its opportunity ids).
type DeletedData struct {
	OpportunityID string `json:"opportunityId"`
	CandidateID   string `json:"candidateId"`
}

// Opportunity is the deleted opportunity's id.
func (d DeletedData) Opportunity() string {
	if d.OpportunityID != "" {
		return d.OpportunityID
	}
	return d.CandidateID
}

// IsArchived: the change archived the opportunity.
func (d ArchiveChangeData) IsArchived() bool { return d.ToArchived != nil || d.Archived != nil }

// DecodeWebhookEvent decodes and checks the shape of a webhook body. Its
// errors say what is malformed (the receiver's 400); it does not check the
// signature (VerifyWebhookSignature does).
//
// triggeredAt must be a JSON integer: as a float64, 1.43e+12 would format
// differently from the integer Lever signed, so a float is refused rather
// than silently failing the signature check. A missing token or signature is
// not a decoding error: it fails verification.
func DecodeWebhookEvent(body []byte) (WebhookEvent, error) {
	var w struct {
		ID          *string         `json:"id"`
		Event       *string         `json:"event"`
		TriggeredAt json.RawMessage `json:"triggeredAt"`
		Token       *string         `json:"token"`
		Signature   *string         `json:"signature"`
		Data        json.RawMessage `json:"data"`
	}
	if firstByte(body) != '{' {
		return WebhookEvent{}, errors.New("webhook body: not a JSON object")
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return WebhookEvent{}, fmt.Errorf("webhook body: %w", err)
	}
	if w.Event == nil || *w.Event == "" {
		return WebhookEvent{}, errors.New("webhook body: event is missing")
	}
	triggeredAt, err := parseTriggeredAt(w.TriggeredAt)
	if err != nil {
		return WebhookEvent{}, err
	}
	switch firstByte(w.Data) {
	case 0, 'n':
		w.Data = nil
	case '{':
	default:
		return WebhookEvent{}, errors.New("webhook body: data must be a JSON object")
	}
	return WebhookEvent{
		ID: deref(w.ID), Event: *w.Event, TriggeredAt: triggeredAt,
		Token: deref(w.Token), Signature: deref(w.Signature), Data: w.Data,
	}, nil
}

func parseTriggeredAt(raw json.RawMessage) (int64, error) {
	switch c := firstByte(raw); {
	case c == 0 || c == 'n':
		return 0, errors.New("webhook body: triggeredAt is missing")
	case c != '-' && (c < '0' || c > '9'):
		return 0, fmt.Errorf("webhook body: triggeredAt must be an integer number of milliseconds, got %.24s", raw)
	}
	ms, err := strconv.ParseInt(string(bytes.TrimSpace(raw)), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("webhook body: triggeredAt must be an integer number of milliseconds, got %.24s", raw)
	}
	return ms, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// WebhookSignature is Lever's signature of a delivery: lowercase hex
// HMAC-SHA256 keyed with the webhook's signature token over token followed by
// triggeredAt in base 10, with no separator.
func WebhookSignature(signatureToken, token string, triggeredAt int64) string {
	return hex.EncodeToString(webhookMAC(signatureToken, token, triggeredAt))
}

// VerifyWebhookSignature reports whether ev is signed with signatureToken. It
// compares in constant time and refuses everything when signatureToken is
// empty (anyone can compute an HMAC under an empty key) or the event carries
// no token or signature.
func VerifyWebhookSignature(signatureToken string, ev WebhookEvent) bool {
	if signatureToken == "" || ev.Token == "" || ev.Signature == "" {
		return false
	}
	got, err := hex.DecodeString(ev.Signature)
	if err != nil || len(got) != sha256.Size {
		return false
	}
	return hmac.Equal(got, webhookMAC(signatureToken, ev.Token, ev.TriggeredAt))
}

func webhookMAC(signatureToken, token string, triggeredAt int64) []byte {
	mac := hmac.New(sha256.New, []byte(signatureToken))
	mac.Write([]byte(token))
	mac.Write([]byte(strconv.FormatInt(triggeredAt, 10)))
	return mac.Sum(nil)
}
