package faults

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/sandbox"
)

// addCandidates creates n opportunities on the sandbox posting (tagged with
// its Codejudge test) standing in the trigger stage: the workflow acts only
// on what Lever's own record backs. Lever sends applicationCreated for each.
func (s *stack) addCandidates(n int, name string) []string {
	s.t.Helper()
	ctx := context.Background()
	opps := make([]string, n)
	for i := range opps {
		o, err := s.lever.CreateOpportunity(ctx, lever.NewOpportunity{
			Name:     fmt.Sprintf("%s %d", name, i),
			Emails:   []string{fmt.Sprintf("%s-%d@example.com", name, i)},
			Postings: []string{s.sandbox.Seed.PostingID},
			Stage:    s.conn.TriggerStageID,
		}, s.conn.PerformAs)
		require.NoError(s.t, err)
		opps[i] = o.ID
	}
	return opps
}

// stageChange is one candidateStageChange event of Lever's, which Lever may
// deliver several times.
type stageChange struct {
	opportunityID string
	triggeredAt   int64 // ms, the same in every delivery
}

// deliver posts one delivery of the event to the gateway, with a new token
// and signed as Lever signs: hex(HMAC-SHA256(signatureToken, token +
// triggeredAt)). It returns the gateway's status code.
func (s *stack) deliver(e stageChange) (int, error) {
	body, err := s.signedStageChange(e, newDeliveryToken())
	if err != nil {
		return 0, err
	}
	resp, err := http.Post(s.gatewayURL+"/webhooks/lever/"+sandbox.ConnectionID, "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func (s *stack) signedStageChange(e stageChange, token string) ([]byte, error) {
	secret := s.conn.Lever.WebhookTokens[lever.EventCandidateStageChange].Reveal()
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "%s%d", token, e.triggeredAt)
	data, err := json.Marshal(map[string]string{
		"opportunityId": e.opportunityID, "candidateId": e.opportunityID, "contactId": e.opportunityID,
		"fromStageId": "applicant-new", "toStageId": s.conn.TriggerStageID,
	})
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]any{
		"id": "evt-" + e.opportunityID, "event": lever.EventCandidateStageChange, "triggeredAt": e.triggeredAt,
		"token": token, "signature": hex.EncodeToString(mac.Sum(nil)), "data": json.RawMessage(data),
	})
}

// newDeliveryToken is a fresh token like Lever's: each delivery, retries
// included, carries its own.
func newDeliveryToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
