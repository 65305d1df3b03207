package codejudge

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// The vector was computed independently of this package:
//
//	printf '%s' "$body" | openssl dgst -sha256 -hmac 'whsec_cjlever_test'
const (
	vectorSecret    = "whsec_cjlever_test"
	vectorBody      = `{"id":"evt_7f3a","event":"invite.completed","occurredAt":"2026-03-03T09:41:12Z","invite":{"id":"inv_1","testId":"CJ-81519","externalId":"opp-1","status":"completed"}}`
	vectorSignature = "sha256=ea4afc24e6442c6138450ade335d3449cca499aabad32ec3e0be626587edf57a"
)

func TestSignCallbackMatchesOpenSSL(t *testing.T) {
	if got := SignCallback(vectorSecret, []byte(vectorBody)); got != vectorSignature {
		t.Fatalf("SignCallback = %s, want %s", got, vectorSignature)
	}
	if !VerifyCallback(vectorSecret, vectorSignature, []byte(vectorBody)) {
		t.Fatal("VerifyCallback refused the openssl vector")
	}
	if !VerifyCallback(vectorSecret, " "+vectorSignature+" ", []byte(vectorBody)) {
		t.Error("VerifyCallback refused the vector with surrounding spaces")
	}
}

func TestVerifyCallbackRefuses(t *testing.T) {
	hexPart := strings.TrimPrefix(vectorSignature, "sha256=")
	cases := map[string]struct {
		secret, header, body string
	}{
		"wrong secret":     {"other", vectorSignature, vectorBody},
		"empty secret":     {"", SignCallback("", []byte(vectorBody)), vectorBody},
		"tampered body":    {vectorSecret, vectorSignature, strings.Replace(vectorBody, "opp-1", "opp-2", 1)},
		"re-encoded body":  {vectorSecret, vectorSignature, vectorBody + "\n"},
		"no scheme":        {vectorSecret, hexPart, vectorBody},
		"other scheme":     {vectorSecret, "sha1=" + hexPart, vectorBody},
		"scheme uppercase": {vectorSecret, "SHA256=" + hexPart, vectorBody},
		"truncated":        {vectorSecret, vectorSignature[:len(vectorSignature)-2], vectorBody},
		"not hex":          {vectorSecret, "sha256=" + strings.Repeat("z", 64), vectorBody},
		"empty header":     {vectorSecret, "", vectorBody},
		"two signatures":   {vectorSecret, vectorSignature + "," + vectorSignature, vectorBody},
	}
	for name, tc := range cases {
		if VerifyCallback(tc.secret, tc.header, []byte(tc.body)) {
			t.Errorf("%s: VerifyCallback accepted", name)
		}
	}
}

func TestDecodeCallback(t *testing.T) {
	ev, err := DecodeCallback([]byte(vectorBody))
	if err != nil {
		t.Fatalf("DecodeCallback: %v", err)
	}
	want := time.Date(2026, 3, 3, 9, 41, 12, 0, time.UTC)
	if ev.ID != "evt_7f3a" || ev.Event != EventInviteCompleted || !ev.OccurredAt.Equal(want) ||
		ev.Invite.ID != "inv_1" || ev.Invite.Status != StatusCompleted || ev.Invite.ExternalID != "opp-1" {
		t.Errorf("DecodeCallback = %+v", ev)
	}
}

func TestDecodeCallbackRefuses(t *testing.T) {
	cases := map[string]struct{ body, wantInErr string }{
		"not JSON":       {`{"id":`, "malformed JSON"},
		"array":          {`[]`, "malformed JSON"},
		"no invite":      {`{"id":"e","event":"invite.completed","occurredAt":"2026-03-03T09:41:12Z"}`, "invite.id, invite.testId, invite.externalId"},
		"no externalId":  {`{"id":"e","event":"invite.expired","occurredAt":"2026-03-03T09:41:12Z","invite":{"id":"i","testId":"CJ-1"}}`, "missing invite.externalId"},
		"no event id":    {`{"event":"invite.expired","occurredAt":"2026-03-03T09:41:12Z","invite":{"id":"i","testId":"CJ-1","externalId":"o"}}`, "missing id"},
		"no occurredAt":  {`{"id":"e","event":"invite.expired","invite":{"id":"i","testId":"CJ-1","externalId":"o"}}`, "occurredAt"},
		"bad occurredAt": {`{"id":"e","event":"invite.expired","occurredAt":"yesterday","invite":{"id":"i","testId":"CJ-1","externalId":"o"}}`, "malformed JSON"},
	}
	for name, tc := range cases {
		_, err := DecodeCallback([]byte(tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.wantInErr) {
			t.Errorf("%s: err = %v, want it to mention %q", name, err, tc.wantInErr)
		}
	}
}

func TestLogsCarryNoCandidateEmail(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	inv := sampleInvite()
	log.Info("invite", "invite", inv, "candidate", inv.Candidate)
	if strings.Contains(buf.String(), "ada@example.com") || strings.Contains(buf.String(), "Lovelace") {
		t.Errorf("log line carries the candidate: %s", buf.String())
	}
	if !strings.Contains(buf.String(), "inv_abc") {
		t.Errorf("log line lost the invite id: %s", buf.String())
	}
}
