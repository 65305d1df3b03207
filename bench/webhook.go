package bench

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/cjlever/cjlever/clients/lever"
)

// webhookSender posts signed candidateStageChange deliveries to the
// gateway, each with a new token, as Lever sends them.
type webhookSender struct {
	url, signatureToken, triggerStageID string
	http                                *http.Client
}

func newWebhookSender(st Stack, concurrency int) *webhookSender {
	// One keep-alive connection per concurrent sender, as a busy Lever
	// would hold them.
	transport := &http.Transport{MaxIdleConnsPerHost: max(concurrency, 64)}
	return &webhookSender{
		url:            st.GatewayURL + "/webhooks/lever/" + st.ConnectionID,
		signatureToken: st.WebhookToken,
		triggerStageID: st.TriggerStageID,
		http:           &http.Client{Transport: transport, Timeout: 30 * time.Second},
	}
}

// moved delivers "opportunityID moved to the trigger stage" and succeeds
// only on 202: the gateway started the assessment, durably.
func (s *webhookSender) moved(ctx context.Context, opportunityID string) error {
	body, err := s.stageChange(opportunityID, time.Now().UnixMilli())
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	if resp.StatusCode != http.StatusAccepted {
		return fmt.Errorf("webhook for %s: %s: %s", opportunityID, resp.Status, answer)
	}
	return nil
}

// stageChange is a signed delivery body.
func (s *webhookSender) stageChange(opportunityID string, triggeredAt int64) ([]byte, error) {
	token, err := deliveryToken()
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(lever.StageChangeData{
		OpportunityID: opportunityID, CandidateID: opportunityID, ContactID: opportunityID,
		FromStageID: "applicant-new", ToStageID: s.triggerStageID,
	})
	if err != nil {
		return nil, err
	}
	return json.Marshal(lever.WebhookEvent{
		Event: lever.EventCandidateStageChange, TriggeredAt: triggeredAt, Token: token,
		Signature: lever.WebhookSignature(s.signatureToken, token, triggeredAt), Data: data,
	})
}

// deliveryToken is random and new for every delivery, as Lever's are.
func deliveryToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
