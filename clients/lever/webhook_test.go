package lever

import (
	"encoding/json"
	"strings"
	"testing"
)

// The vector below was computed independently of this package, with
//
//	printf '%s' "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hJ31700000000123" \
//	  | openssl dgst -sha256 -hmac "whsec-sandbox-0123456789"
const (
	vectorSignatureToken = "whsec-sandbox-0123456789"
	vectorToken          = "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hJ3"
	vectorTriggeredAt    = int64(1700000000123)
	vectorSignature      = "62ae289b42adbc63062ca940f633278a5c610b21440c6c2b2936b88dd9a38429"
)

func TestWebhookSignatureMatchesOpenSSL(t *testing.T) {
	if got := WebhookSignature(vectorSignatureToken, vectorToken, vectorTriggeredAt); got != vectorSignature {
		t.Fatalf("signature %s, want %s", got, vectorSignature)
	}
	// printf '%s' "tok1430000000000" | openssl dgst -sha256 -hmac "key"
	if got, want := WebhookSignature("key", "tok", 1430000000000), "47c4391cf3b5aec8cf1a27aa26a6e88611bf46c9ffb3e6e4a08cdec7523a56b8"; got != want {
		t.Fatalf("signature %s, want %s", got, want)
	}
}

func TestVerifyWebhookSignature(t *testing.T) {
	ev := WebhookEvent{Event: EventCandidateStageChange, TriggeredAt: vectorTriggeredAt, Token: vectorToken, Signature: vectorSignature}
	if !VerifyWebhookSignature(vectorSignatureToken, ev) {
		t.Fatal("the vector does not verify")
	}
	upper := ev
	upper.Signature = strings.ToUpper(vectorSignature)
	if !VerifyWebhookSignature(vectorSignatureToken, upper) {
		t.Fatal("an upper-case signature does not verify")
	}
	for name, mutate := range map[string]func(*WebhookEvent) string{
		"other key":         func(*WebhookEvent) string { return "another-token" },
		"empty key":         func(*WebhookEvent) string { return "" },
		"other token":       func(e *WebhookEvent) string { e.Token = "x" + e.Token[1:]; return vectorSignatureToken },
		"other triggeredAt": func(e *WebhookEvent) string { e.TriggeredAt++; return vectorSignatureToken },
		"no signature":      func(e *WebhookEvent) string { e.Signature = ""; return vectorSignatureToken },
		"no token":          func(e *WebhookEvent) string { e.Token = ""; return vectorSignatureToken },
		"not hex":           func(e *WebhookEvent) string { e.Signature = "zz" + e.Signature[2:]; return vectorSignatureToken },
		"truncated":         func(e *WebhookEvent) string { e.Signature = e.Signature[:62]; return vectorSignatureToken },
	} {
		e := ev
		key := mutate(&e)
		if VerifyWebhookSignature(key, e) {
			t.Errorf("%s: verified", name)
		}
	}
}

func TestDecodeWebhookEvent(t *testing.T) {
	body := `{"id":"evt-1","event":"candidateStageChange","triggeredAt":1700000000123,` +
		`"token":"` + vectorToken + `","signature":"` + vectorSignature + `",` +
		`"data":{"opportunityId":"o1","candidateId":"o1","contactId":"c1","fromStageId":"applicant-new","toStageId":"stage-assessment"}}`
	ev, err := DecodeWebhookEvent([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if ev.ID != "evt-1" || ev.Event != EventCandidateStageChange || ev.TriggeredAt != vectorTriggeredAt || ev.Token != vectorToken {
		t.Fatalf("event %+v", ev)
	}
	if !VerifyWebhookSignature(vectorSignatureToken, ev) {
		t.Fatal("decoded event does not verify")
	}
	var d StageChangeData
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		t.Fatal(err)
	}
	if want := (StageChangeData{"o1", "o1", "c1", "applicant-new", "stage-assessment"}); d != want {
		t.Fatalf("data %+v", d)
	}
}

func TestDecodeWebhookEventKeepsVerifyConnectionAndUnsigned(t *testing.T) {
	for _, body := range []string{
		`{"event":"candidateHired","triggeredAt":1,"token":"t","signature":"s","data":{}}`,
		`{"event":"candidateHired","triggeredAt":1,"token":"t","signature":"s"}`,
		`{"event":"candidateStageChange","triggeredAt":1,"data":{"opportunityId":"o1"}}`,
	} {
		if _, err := DecodeWebhookEvent([]byte(body)); err != nil {
			t.Errorf("%s: %v", body, err)
		}
	}
}

func TestDecodeWebhookEventRefusesMalformedBodies(t *testing.T) {
	for name, body := range map[string]string{
		"triggeredAt as a float":       `{"event":"candidateStageChange","triggeredAt":1.43e+12,"token":"t","signature":"s","data":{}}`,
		"triggeredAt with a fraction":  `{"event":"candidateStageChange","triggeredAt":1430000000000.0,"token":"t","signature":"s","data":{}}`,
		"triggeredAt as a string":      `{"event":"candidateStageChange","triggeredAt":"1430000000000","token":"t","signature":"s","data":{}}`,
		"triggeredAt missing":          `{"event":"candidateStageChange","token":"t","signature":"s","data":{}}`,
		"triggeredAt beyond int64":     `{"event":"candidateStageChange","triggeredAt":99999999999999999999,"token":"t","signature":"s"}`,
		"event missing":                `{"triggeredAt":1,"token":"t","signature":"s","data":{}}`,
		"event as a number":            `{"event":7,"triggeredAt":1,"token":"t","signature":"s","data":{}}`,
		"token as a number":            `{"event":"candidateHired","triggeredAt":1,"token":5,"signature":"s","data":{}}`,
		"data as a string":             `{"event":"applicationCreated","triggeredAt":1,"token":"t","signature":"s","data":"o1"}`,
		"data as an array":             `{"event":"applicationCreated","triggeredAt":1,"token":"t","signature":"s","data":[]}`,
		"not an object":                `["candidateStageChange"]`,
		"truncated":                    `{"event":"candidateStageChange","triggeredAt":`,
		"trailing data after the body": `{"event":"candidateHired","triggeredAt":1} {}`,
	} {
		if _, err := DecodeWebhookEvent([]byte(body)); err == nil {
			t.Errorf("%s: decoded without error", name)
		}
	}
	_, err := DecodeWebhookEvent([]byte(`{"event":"candidateStageChange","triggeredAt":1.43e+12}`))
	if err == nil || !strings.Contains(err.Error(), "triggeredAt must be an integer") {
		t.Fatalf("float error %v, want one that names triggeredAt", err)
	}
}

func TestWebhookEventEncodesTriggeredAtAsAnInteger(t *testing.T) {
	raw, err := json.Marshal(WebhookEvent{Event: EventCandidateHired, TriggeredAt: 1430000000000, Data: json.RawMessage(`{}`)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"triggeredAt":1430000000000`) {
		t.Fatalf("encoded %s", raw)
	}
}
