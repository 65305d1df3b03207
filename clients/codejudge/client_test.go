package codejudge

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sony/gobreaker/v2"

	"github.com/cjlever/cjlever/clients/apiclient"
)

const testAPIKey = "cjk_test_0123456789"

// fakeAPI serves handler under /v1 and counts the requests it sees.
type fakeAPI struct {
	srv  *httptest.Server
	hits atomic.Int32
}

func newFakeAPI(t *testing.T, handler http.HandlerFunc) *fakeAPI {
	t.Helper()
	f := &fakeAPI{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.hits.Add(1)
		handler(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) client(t *testing.T, mutate ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		BaseURL:           f.srv.URL + "/v1",
		APIKey:            testAPIKey,
		Account:           "test",
		RequestsPerSecond: -1,
	}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]string{"code": code, "message": msg})
}

func expectRequest(t *testing.T, r *http.Request, method, path string) {
	t.Helper()
	if r.Method != method || r.URL.Path != path {
		t.Errorf("request = %s %s, want %s %s", r.Method, r.URL.Path, method, path)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer "+testAPIKey {
		t.Errorf("Authorization = %q, want the bearer API key", got)
	}
}

var sampleTest = Test{
	ID: "CJ-81519", Name: "Backend Engineer: APIs and Data Structures", DurationMinutes: 90, MaxScore: 100,
	Sections: []Section{{"Data structures", 40}, {"API design", 30}, {"SQL", 30}},
}

func sampleInvite() Invite {
	at := time.Date(2026, 3, 2, 14, 5, 0, 0, time.UTC)
	return Invite{
		ID: "inv_abc", TestID: "CJ-81519", TestName: sampleTest.Name, Status: StatusInvited,
		ExternalID: "opp-1", ExternalSource: "lever",
		Candidate: Candidate{Name: "Ada Lovelace", Email: "ada@example.com"},
		TestURL:   "https://app.codejudge.io/take/inv_abc", InvitedAt: at, ExpiresAt: at.Add(168 * time.Hour),
	}
}

func TestNewRequiresAPIKey(t *testing.T) {
	if _, err := New(Config{BaseURL: "http://localhost/v1"}); err == nil {
		t.Fatal("New without an API key succeeded")
	}
	if _, err := New(Config{APIKey: "k", BaseURL: "not a url"}); err == nil {
		t.Fatal("New with a relative base URL succeeded")
	}
}

func TestGetTestSendsBearerKey(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		expectRequest(t, r, http.MethodGet, "/v1/tests/CJ-81519")
		if got := r.Header.Get("Accept"); got != "application/json" {
			t.Errorf("Accept = %q", got)
		}
		writeJSON(w, 200, map[string]any{"data": sampleTest})
	})
	got, err := f.client(t).GetTest(context.Background(), "CJ-81519")
	if err != nil {
		t.Fatalf("GetTest: %v", err)
	}
	if got.ID != sampleTest.ID || got.MaxScore != 100 || len(got.Sections) != 3 || got.Sections[1] != sampleTest.Sections[1] {
		t.Errorf("GetTest = %+v", got)
	}
}

func TestListTests(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		expectRequest(t, r, http.MethodGet, "/v1/tests")
		writeJSON(w, 200, map[string]any{"data": []Test{sampleTest, {ID: "CJ-20431", Name: "Frontend Engineer", Sections: []Section{}}}})
	})
	got, err := f.client(t).ListTests(context.Background())
	if err != nil {
		t.Fatalf("ListTests: %v", err)
	}
	if len(got) != 2 || got[1].ID != "CJ-20431" {
		t.Errorf("ListTests = %+v", got)
	}
}

func TestCreateInvite(t *testing.T) {
	req := CreateInviteRequest{
		TestID:      "CJ-81519",
		Candidate:   Candidate{Name: "Ada Lovelace", Email: "ada@example.com"},
		ExternalID:  "opp-1",
		CallbackURL: "https://cjlever.example.com/webhooks/codejudge/acme",
	}
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		expectRequest(t, r, http.MethodPost, "/v1/invites")
		if got := r.Header.Get("Idempotency-Key"); got != "acme/opp-1/CJ-81519" {
			t.Errorf("Idempotency-Key = %q", got)
		}
		if got := r.Header.Get("Content-Type"); got != "application/json" {
			t.Errorf("Content-Type = %q", got)
		}
		var body map[string]any
		raw, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(raw, &body); err != nil {
			t.Fatalf("body: %v", err)
		}
		if body["externalSource"] != "lever" || body["testId"] != "CJ-81519" || body["callbackUrl"] != req.CallbackURL {
			t.Errorf("body = %s", raw)
		}
		if _, ok := body["validForHours"]; ok {
			t.Errorf("validForHours sent although unset: %s", raw)
		}
		if c, _ := body["candidate"].(map[string]any); c["email"] != "ada@example.com" {
			t.Errorf("candidate = %v", body["candidate"])
		}
		writeJSON(w, 201, map[string]any{"data": sampleInvite()})
	})
	got, err := f.client(t).CreateInvite(context.Background(), "acme/opp-1/CJ-81519", req)
	if err != nil {
		t.Fatalf("CreateInvite: %v", err)
	}
	if got.ID != "inv_abc" || got.Status != StatusInvited || !got.ExpiresAt.Equal(sampleInvite().ExpiresAt) {
		t.Errorf("CreateInvite = %+v", got)
	}
}

func TestCreateInviteRetriesTransientFailureWithTheSameKey(t *testing.T) {
	var keys []string
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		if len(keys) == 1 {
			writeError(w, 503, "unavailable", "try again")
			return
		}
		writeJSON(w, 200, map[string]any{"data": sampleInvite()}) // a replay
	})
	got, err := f.client(t).CreateInvite(context.Background(), "k1", CreateInviteRequest{TestID: "CJ-81519"})
	if err != nil {
		t.Fatalf("CreateInvite: %v", err)
	}
	if got.ID != "inv_abc" || len(keys) != 2 || keys[0] != "k1" || keys[1] != "k1" {
		t.Errorf("invite %q after keys %q", got.ID, keys)
	}
}

func TestCreateInviteAlreadyInvited(t *testing.T) {
	existing := sampleInvite()
	existing.ID, existing.Status = "inv_old", StatusStarted
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 409, map[string]any{"code": "already_invited", "message": "candidate already invited to CJ-81519", "invite": existing})
	})
	_, err := f.client(t).CreateInvite(context.Background(), "k2", CreateInviteRequest{TestID: "CJ-81519"})
	var ai *AlreadyInvitedError
	if !errors.As(err, &ai) {
		t.Fatalf("err = %v, want *AlreadyInvitedError", err)
	}
	if ai.Existing.ID != "inv_old" || ai.Existing.Status != StatusStarted || ai.Existing.Candidate.Email != "ada@example.com" {
		t.Errorf("Existing = %+v", ai.Existing)
	}
	if e, ok := apiclient.As(err); !ok || e.Kind != apiclient.KindConflict || e.Retryable() {
		t.Errorf("apiclient.As = %+v, %v; want a permanent KindConflict", e, ok)
	}
	if n := f.hits.Load(); n != 1 {
		t.Errorf("%d requests; a 409 must not be retried", n)
	}
}

func TestCreateInviteOtherConflictIsNotAlreadyInvited(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		writeError(w, 409, "something_else", "no")
	})
	_, err := f.client(t).CreateInvite(context.Background(), "k", CreateInviteRequest{})
	var ai *AlreadyInvitedError
	if errors.As(err, &ai) {
		t.Fatalf("err = %v is an *AlreadyInvitedError", err)
	}
	if e, ok := apiclient.As(err); !ok || e.Kind != apiclient.KindConflict {
		t.Errorf("err = %v, want KindConflict", err)
	}
}

func TestCreateInviteRefusesBadIdempotencyKey(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { t.Error("request sent") })
	c := f.client(t)
	for _, key := range []string{"", strings.Repeat("k", MaxIdempotencyKeyLen+1), "caf\u00e9", "a\nb"} {
		_, err := c.CreateInvite(context.Background(), key, CreateInviteRequest{})
		if e, ok := apiclient.As(err); !ok || e.Kind != apiclient.KindPermanent {
			t.Errorf("key of %d bytes: err = %v, want KindPermanent", len(key), err)
		}
	}
}

func TestGetInvite(t *testing.T) {
	done := sampleInvite()
	completedAt := done.InvitedAt.Add(20 * time.Hour)
	done.Status, done.CompletedAt = StatusCompleted, &completedAt
	done.Result = &Result{Score: 78, MaxScore: 100, Percentage: 78, TimeTakenSeconds: 4210,
		Sections: []SectionScore{{"Data structures", 32, 40}}, ReportURL: "https://app.codejudge.io/reports/inv_abc"}
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		expectRequest(t, r, http.MethodGet, "/v1/invites/inv_abc")
		writeJSON(w, 200, map[string]any{"data": done})
	})
	got, err := f.client(t).GetInvite(context.Background(), "inv_abc")
	if err != nil {
		t.Fatalf("GetInvite: %v", err)
	}
	if got.Status != StatusCompleted || got.Result == nil || got.Result.Score != 78 || got.CompletedAt == nil ||
		got.Result.Sections[0].MaxScore != 40 {
		t.Errorf("GetInvite = %+v", got)
	}
}

func TestListInvitesSendsFilters(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		expectRequest(t, r, http.MethodGet, "/v1/invites")
		q := r.URL.Query()
		if q.Get("externalId") != "opp-1" || q.Get("testId") != "CJ-81519" {
			t.Errorf("query = %q", r.URL.RawQuery)
		}
		writeJSON(w, 200, map[string]any{"data": []Invite{sampleInvite()}})
	})
	got, err := f.client(t).ListInvites(context.Background(), InviteFilter{ExternalID: "opp-1", TestID: "CJ-81519"})
	if err != nil || len(got) != 1 || got[0].ID != "inv_abc" {
		t.Fatalf("ListInvites = %+v, %v", got, err)
	}
}

func TestListInvitesWithoutFilters(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery != "" {
			t.Errorf("query = %q, want none", r.URL.RawQuery)
		}
		writeJSON(w, 200, map[string]any{"data": []Invite{}})
	})
	got, err := f.client(t).ListInvites(context.Background(), InviteFilter{})
	if err != nil || len(got) != 0 {
		t.Fatalf("ListInvites = %+v, %v", got, err)
	}
}

func TestCancelInvite(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		expectRequest(t, r, http.MethodPost, "/v1/invites/inv_abc/cancel")
		inv := sampleInvite()
		inv.Status = StatusCancelled
		writeJSON(w, 200, map[string]any{"data": inv})
	})
	got, err := f.client(t).CancelInvite(context.Background(), "inv_abc")
	if err != nil || got.Status != StatusCancelled {
		t.Fatalf("CancelInvite = %+v, %v", got, err)
	}
}

func TestRemindInvite(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		expectRequest(t, r, http.MethodPost, "/v1/invites/inv_abc/remind")
		if r.ContentLength > 0 {
			t.Errorf("remind sent a body of %d bytes", r.ContentLength)
		}
		writeJSON(w, 200, map[string]any{"data": sampleInvite()})
	})
	got, err := f.client(t).RemindInvite(context.Background(), "inv_abc")
	if err != nil || got.ID != "inv_abc" || got.Status != StatusInvited {
		t.Fatalf("RemindInvite = %+v, %v", got, err)
	}
}

func TestRemindFinishedInviteIsConflict(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		writeError(w, 409, CodeInviteFinished, "invite inv_abc is completed")
	})
	_, err := f.client(t).RemindInvite(context.Background(), "inv_abc")
	if e, ok := apiclient.As(err); !ok || e.Kind != apiclient.KindConflict || e.Code != CodeInviteFinished {
		t.Fatalf("err = %v, want 409 invite_finished", err)
	}
	if n := f.hits.Load(); n != 1 {
		t.Errorf("a 409 was retried: %d requests", n)
	}
}

func TestMalformedIDIsRefusedBeforeSending(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { t.Error("request sent") })
	c := f.client(t)
	for _, id := range []string{"", ".", "..", "../tests", "inv abc", "inv_abc/cancel"} {
		_, err := c.GetInvite(context.Background(), id)
		if e, ok := apiclient.As(err); !ok || e.Kind != apiclient.KindPermanent {
			t.Errorf("GetInvite(%q): err = %v, want KindPermanent", id, err)
		}
		_, err = c.CancelInvite(context.Background(), id)
		if e, ok := apiclient.As(err); !ok || e.Kind != apiclient.KindPermanent {
			t.Errorf("CancelInvite(%q): err = %v, want KindPermanent", id, err)
		}
		_, err = c.RemindInvite(context.Background(), id)
		if e, ok := apiclient.As(err); !ok || e.Kind != apiclient.KindPermanent {
			t.Errorf("RemindInvite(%q): err = %v, want KindPermanent", id, err)
		}
		_, err = c.GetTest(context.Background(), id)
		if e, ok := apiclient.As(err); !ok || e.Kind != apiclient.KindPermanent {
			t.Errorf("GetTest(%q): err = %v, want KindPermanent", id, err)
		}
	}
	if _, err := c.GetTest(context.Background(), "CJ 1"); err == nil {
		t.Error("GetTest with a space succeeded")
	}
}

func TestNotFound(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		writeError(w, 404, "not_found", "test CJ-99999 not found")
	})
	_, err := f.client(t).GetTest(context.Background(), "CJ-99999")
	e, ok := apiclient.As(err)
	if !ok || e.Kind != apiclient.KindNotFound || e.Code != CodeNotFound || !apiclient.IsNotFound(err) {
		t.Fatalf("err = %v, want KindNotFound", err)
	}
	if n := f.hits.Load(); n != 1 {
		t.Errorf("%d requests; a 404 must not be retried", n)
	}
}

func TestRateLimitedCarriesRetryAfter(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		writeError(w, 429, "rate_limited", "slow down")
	})
	_, err := f.client(t).GetInvite(context.Background(), "inv_abc")
	e, ok := apiclient.As(err)
	if !ok || e.Kind != apiclient.KindRateLimited || e.RetryAfter != 120*time.Second || !e.Retryable() {
		t.Fatalf("err = %+v, want KindRateLimited with RetryAfter 2m", err)
	}
	// A wait longer than the in-call backoff is left to the activity retry.
	if n := f.hits.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestServiceUnavailableIsRetriedThenSucceeds(t *testing.T) {
	var calls atomic.Int32
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) < 3 {
			writeError(w, 503, "unavailable", "maintenance")
			return
		}
		writeJSON(w, 200, map[string]any{"data": sampleInvite()})
	})
	got, err := f.client(t).GetInvite(context.Background(), "inv_abc")
	if err != nil || got.ID != "inv_abc" {
		t.Fatalf("GetInvite = %+v, %v", got, err)
	}
	if n := f.hits.Load(); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

func TestBreakerOpensAfterConsecutiveFailures(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		writeError(w, 500, "internal_error", "boom")
	})
	var transitions []gobreaker.State
	c := f.client(t, func(cfg *Config) {
		cfg.MaxAttempts = 1
		cfg.BreakerFailures = 2
		cfg.BreakerOpenFor = time.Minute
		cfg.OnBreakerState = func(service, name string, from, to gobreaker.State) {
			if service != Service {
				t.Errorf("breaker service = %q", service)
			}
			transitions = append(transitions, to)
		}
	})
	for i := range 2 {
		_, err := c.GetInvite(context.Background(), "inv_abc")
		if e, ok := apiclient.As(err); !ok || e.Kind != apiclient.KindTransient {
			t.Fatalf("call %d: err = %v, want KindTransient", i+1, err)
		}
	}
	_, err := c.GetInvite(context.Background(), "inv_abc")
	if e, ok := apiclient.As(err); !ok || e.Kind != apiclient.KindBreakerOpen || e.RetryAfter > time.Minute || e.RetryAfter < 50*time.Second {
		t.Fatalf("third call: err = %v, want KindBreakerOpen", err)
	}
	if n := f.hits.Load(); n != 2 {
		t.Errorf("%d requests reached the server, want 2", n)
	}
	if len(transitions) != 1 || transitions[0] != gobreaker.StateOpen {
		t.Errorf("breaker transitions %v, want one to open", transitions)
	}
}

func TestClientErrorsDoNotOpenTheBreaker(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		writeError(w, 404, "not_found", "no")
	})
	var transitions []gobreaker.State
	c := f.client(t, func(cfg *Config) {
		cfg.BreakerFailures = 1
		cfg.OnBreakerState = func(_, _ string, _, to gobreaker.State) { transitions = append(transitions, to) }
	})
	for range 3 {
		if _, err := c.GetInvite(context.Background(), "inv_abc"); !apiclient.IsNotFound(err) {
			t.Fatalf("err = %v, want a 404 from the server", err)
		}
	}
	if len(transitions) != 0 || f.hits.Load() != 3 {
		t.Errorf("breaker transitions %v and %d requests after 404s, want none and 3", transitions, f.hits.Load())
	}
}

func TestObserveSeesEachAttempt(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"data": sampleTest})
	})
	var ops []string
	c := f.client(t, func(cfg *Config) {
		cfg.Observe = func(service, op string, status int, _ time.Duration) {
			ops = append(ops, service+" "+op)
			if status != 200 {
				t.Errorf("status = %d", status)
			}
		}
	})
	if _, err := c.GetTest(context.Background(), "CJ-81519"); err != nil {
		t.Fatal(err)
	}
	if len(ops) != 1 || ops[0] != "codejudge GET /tests/:id" {
		t.Errorf("observed %q", ops)
	}
}
