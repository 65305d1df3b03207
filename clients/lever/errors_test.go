package lever

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sony/gobreaker/v2"

	"github.com/cjlever/cjlever/clients/apiclient"
)

// isKind reports whether err is an *apiclient.Error of kind k.
func isKind(err error, k apiclient.Kind) bool {
	e, ok := apiclient.As(err)
	return ok && e.Kind == k
}

func TestNotFoundIsKindNotFoundWithLeversCode(t *testing.T) {
	f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeRaw(w, http.StatusNotFound, `{"code":"ResourceNotFound","message":"Opportunity not found"}`)
	})
	_, err := f.client(t).GetOpportunity(context.Background(), "missing")
	e, ok := apiclient.As(err)
	if !ok || e.Kind != apiclient.KindNotFound || e.Code != "ResourceNotFound" || e.Op != "GET /opportunities/:id" || e.Service != Service {
		t.Fatalf("error %#v", err)
	}
	if !apiclient.IsNotFound(err) {
		t.Fatal("IsNotFound is false")
	}
	if n := len(f.requests()); n != 1 {
		t.Fatalf("a 404 was retried: %d requests", n)
	}
}

func TestRateLimitedCarriesRetryAfter(t *testing.T) {
	f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		w.Header().Set("Retry-After", "7")
		writeRaw(w, http.StatusTooManyRequests, `{"code":"TooManyRequests","message":"slow down"}`)
	})
	_, err := f.client(t).GetPosting(context.Background(), "p1")
	e, ok := apiclient.As(err)
	if !ok || e.Kind != apiclient.KindRateLimited || e.RetryAfter != 7*time.Second || !e.Retryable() {
		t.Fatalf("error %#v", err)
	}
}

func TestAnswerOverTheConfiguredLimitIsAPermanentError(t *testing.T) {
	f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeRaw(w, http.StatusOK, `{"data":{"id":"o1","name":"`+strings.Repeat("x", 2<<10)+`"}}`)
	})
	_, err := f.client(t, func(cfg *Config) { cfg.MaxResponseBytes = 1 << 10 }).GetOpportunity(context.Background(), "o1")
	if !isKind(err, apiclient.KindPermanent) || !strings.Contains(err.Error(), "larger than the 1024-byte limit") {
		t.Fatalf("error %v, want a permanent size error", err)
	}
	if n := len(f.requests()); n != 1 {
		t.Fatalf("%d requests: an oversized answer must not be fetched again", n)
	}
}

func TestServerErrorIsRetriedForReads(t *testing.T) {
	calls := 0
	f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		calls++
		if calls == 1 {
			writeRaw(w, http.StatusInternalServerError, `{"code":"InternalError","message":"boom"}`)
			return
		}
		writeRaw(w, http.StatusOK, `{"data":{"id":"p1","text":"Backend Engineer","state":"published","tags":["CJ-81519"]}}`)
	})
	p, err := f.client(t).GetPosting(context.Background(), "p1")
	if err != nil {
		t.Fatal(err)
	}
	if p.Text != "Backend Engineer" || len(p.Tags) != 1 {
		t.Fatalf("posting %+v", p)
	}
	if n := len(f.requests()); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}
}

func TestServerErrorIsNotRetriedForNotes(t *testing.T) {
	f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeRaw(w, http.StatusInternalServerError, `{"code":"InternalError","message":"boom"}`)
	})
	_, err := f.client(t).AddNote(context.Background(), "o1", "hello", "u1")
	if !isKind(err, apiclient.KindTransient) {
		t.Fatalf("error %v, want transient", err)
	}
	if n := len(f.requests()); n != 1 {
		t.Fatalf("AddNote sent %d requests: a retry could add the note twice", n)
	}
}

func TestBreakerOpensAfterTransientFailures(t *testing.T) {
	f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeRaw(w, http.StatusServiceUnavailable, `{"code":"ServiceUnavailable","message":"maintenance"}`)
	})
	var changes []gobreaker.State
	c := f.client(t, func(cfg *Config) {
		cfg.MaxAttempts = 1
		cfg.BreakerFailures = 3
		cfg.BreakerOpenFor = time.Minute
		cfg.OnBreakerState = func(service, name string, from, to gobreaker.State) { changes = append(changes, to) }
	})
	ctx := context.Background()
	for i := range 3 {
		if _, err := c.ListStages(ctx); !isKind(err, apiclient.KindTransient) {
			t.Fatalf("call %d: %v, want transient", i, err)
		}
	}
	_, err := c.ListStages(ctx)
	e, ok := apiclient.As(err)
	// The refusal says how long the breaker stays open: what is left of its
	// minute, not a fresh minute.
	if !ok || e.Kind != apiclient.KindBreakerOpen || e.RetryAfter > time.Minute || e.RetryAfter < 50*time.Second {
		t.Fatalf("error %#v, want breaker open for what is left of a minute", err)
	}
	if len(changes) != 1 || changes[0] != gobreaker.StateOpen {
		t.Fatalf("breaker changes %v, want one to open", changes)
	}
	if n := len(f.requests()); n != 3 {
		t.Fatalf("%d requests reached the server, want 3", n)
	}
}

func TestNotFoundDoesNotTripTheBreaker(t *testing.T) {
	f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeRaw(w, http.StatusNotFound, `{"code":"ResourceNotFound","message":"no"}`)
	})
	var changes []gobreaker.State
	c := f.client(t, func(cfg *Config) {
		cfg.BreakerFailures = 2
		cfg.OnBreakerState = func(_, _ string, _, to gobreaker.State) { changes = append(changes, to) }
	})
	for range 5 {
		if _, err := c.GetOpportunity(context.Background(), "gone"); !apiclient.IsNotFound(err) {
			t.Fatalf("error %v", err)
		}
	}
	if len(changes) != 0 || len(f.requests()) != 5 {
		t.Fatalf("breaker changes %v and %d requests after 404s, want none and 5", changes, len(f.requests()))
	}
}
