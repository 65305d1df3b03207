package codejudgeemulator

import (
	"encoding/json"
	"net/http"
	"regexp"
	"testing"
)

// These tests read the emulator's answers as raw JSON, against the field names
// of docs/codejudge-api.md, so that a mistake shared by the client's and the
// emulator's Go types cannot hide.

var rfc3339Seconds = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

func decodeObject(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("not a JSON object: %s", raw)
	}
	return m
}

func requireKeys(t *testing.T, where string, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s lacks %q: %v", where, k, m)
		}
	}
}

const inviteBody = `{"testId":"CJ-81519","candidate":{"name":"Ada Lovelace","email":"ada@example.com"},
	"externalId":"opp-1","externalSource":"lever","callbackUrl":"http://gateway.test/cb"}`

func TestWireInvite(t *testing.T) {
	h := newHarness(t)
	key := http.Header{"Idempotency-Key": {"wire-1"}}
	status, raw := h.do(t, http.MethodPost, "/v1/invites", orgAcme.APIKey, key, inviteBody)
	if status != http.StatusCreated {
		t.Fatalf("create: %d %s", status, raw)
	}
	inv, _ := decodeObject(t, raw)["data"].(map[string]any)
	requireKeys(t, "invite", inv, "id", "testId", "testName", "status", "externalId", "externalSource",
		"candidate", "testUrl", "invitedAt", "expiresAt")
	for _, k := range []string{"completedAt", "result"} {
		if _, ok := inv[k]; ok {
			t.Errorf("an invited invite carries %q", k)
		}
	}
	for _, k := range []string{"invitedAt", "expiresAt"} {
		if s, _ := inv[k].(string); !rfc3339Seconds.MatchString(s) {
			t.Errorf("%s = %q, want RFC 3339 UTC whole seconds", k, s)
		}
	}
	requireKeys(t, "candidate", inv["candidate"].(map[string]any), "name", "email")

	// Key order and whitespace do not make another request: a replay, 200.
	reordered := `{"externalSource":"lever","externalId":"opp-1","validForHours":168,"callbackUrl":"http://gateway.test/cb",
		"candidate":{"email":"ada@example.com","name":"Ada Lovelace"},"testId":"CJ-81519"}`
	if status, raw := h.do(t, http.MethodPost, "/v1/invites", orgAcme.APIKey, key, reordered); status != http.StatusOK {
		t.Errorf("replay: %d %s, want 200", status, raw)
	}

	id := inv["id"].(string)
	h.sandbox(t, id, "complete", `{"score":78}`)
	status, raw = h.do(t, http.MethodGet, "/v1/invites/"+id, orgAcme.APIKey, nil, "")
	if status != http.StatusOK {
		t.Fatalf("get: %d %s", status, raw)
	}
	done := decodeObject(t, raw)["data"].(map[string]any)
	if s, _ := done["completedAt"].(string); !rfc3339Seconds.MatchString(s) {
		t.Errorf("completedAt = %q", s)
	}
	result, _ := done["result"].(map[string]any)
	requireKeys(t, "result", result, "score", "maxScore", "percentage", "sections", "timeTakenSeconds", "plagiarismFlagged", "reportUrl")
	if _, ok := result["plagiarismDetails"]; ok {
		t.Error("plagiarismDetails present although empty")
	}
	section := result["sections"].([]any)[0].(map[string]any)
	requireKeys(t, "section score", section, "name", "score", "maxScore")

	// The already_invited answer names the existing invite.
	status, raw = h.do(t, http.MethodPost, "/v1/invites", orgAcme.APIKey, http.Header{"Idempotency-Key": {"wire-2"}}, inviteBody)
	conflict := decodeObject(t, raw)
	if status != http.StatusConflict || conflict["code"] != "already_invited" || conflict["message"] == "" {
		t.Fatalf("second key: %d %s", status, raw)
	}
	if existing, _ := conflict["invite"].(map[string]any); existing["id"] != id {
		t.Errorf("409 names invite %v, want %s", existing["id"], id)
	}
}

func TestWireTestAndLists(t *testing.T) {
	h := newHarness(t)
	status, raw := h.do(t, http.MethodGet, "/v1/tests/CJ-81519", orgAcme.APIKey, nil, "")
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, raw)
	}
	test := decodeObject(t, raw)["data"].(map[string]any)
	requireKeys(t, "test", test, "id", "name", "durationMinutes", "maxScore", "sections")
	requireKeys(t, "section", test["sections"].([]any)[0].(map[string]any), "name", "maxScore")

	// An empty list is [], never null.
	status, raw = h.do(t, http.MethodGet, "/v1/invites?externalId=nobody", orgAcme.APIKey, nil, "")
	if list, ok := decodeObject(t, raw)["data"].([]any); status != http.StatusOK || !ok || len(list) != 0 {
		t.Errorf("empty list: %d %s", status, raw)
	}
}

func TestWireErrors(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		name, method, path, apiKey, body string
		header                           http.Header
		status                           int
		code                             string
	}{
		{"no key", http.MethodGet, "/v1/tests", "", "", nil, 401, "unauthorized"},
		{"wrong key", http.MethodGet, "/v1/tests", "nope", "", nil, 401, "unauthorized"},
		{"no idempotency key", http.MethodPost, "/v1/invites", orgAcme.APIKey, inviteBody, nil, 400, "invalid_request"},
		{"non-ASCII idempotency key", http.MethodPost, "/v1/invites", orgAcme.APIKey, inviteBody,
			http.Header{"Idempotency-Key": {"clé"}}, 400, "invalid_request"},
		{"array body", http.MethodPost, "/v1/invites", orgAcme.APIKey, `[]`, http.Header{"Idempotency-Key": {"k"}}, 400, "invalid_request"},
		{"broken JSON", http.MethodPost, "/v1/invites", orgAcme.APIKey, `{"testId":`, http.Header{"Idempotency-Key": {"k"}}, 400, "invalid_request"},
		{"unknown invite", http.MethodGet, "/v1/invites/inv_nope", orgAcme.APIKey, "", nil, 404, "not_found"},
		{"unknown route", http.MethodGet, "/v1/nothing", orgAcme.APIKey, "", nil, 404, "not_found"},
	}
	for _, c := range cases {
		status, raw := h.do(t, c.method, c.path, c.apiKey, c.header, c.body)
		body := decodeObject(t, raw)
		if status != c.status || body["code"] != c.code || body["message"] == "" {
			t.Errorf("%s: %d %s, want %d %s", c.name, status, raw, c.status, c.code)
		}
	}
}
