package apiclient

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestEscapedPathIsSentOnce(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.EscapedPath()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	c, err := New(Options{Service: "test", BaseURL: srv.URL + "/v1"})
	require.NoError(t, err)
	require.NoError(t, c.Do(context.Background(), Call{Method: http.MethodGet, Path: "/things/a%2Fb", Op: "GET /things/:id"}, nil))
	require.Equal(t, "/v1/things/a%2Fb", got)
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	require.Equal(t, 7*time.Second, parseRetryAfter("7", now))
	require.Equal(t, 30*time.Second, parseRetryAfter(now.Add(30*time.Second).Format(http.TimeFormat), now))
	require.Zero(t, parseRetryAfter("", now))
	require.Zero(t, parseRetryAfter("soon", now))
}

func TestRetryAfterIsClampedToASaneRange(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"0":                       MinRetryAfter,
		"300":                     5 * time.Minute,
		"301":                     MaxRetryAfter,
		"86400":                   MaxRetryAfter,
		"99999999999999999999999": MaxRetryAfter,
		"-5":                      0,
		"1.5":                     0,
		now.Add(-time.Hour).Format(http.TimeFormat):          MinRetryAfter,
		now.Add(30 * 24 * time.Hour).Format(http.TimeFormat): MaxRetryAfter,
	} {
		require.Equal(t, want, parseRetryAfter(v, now), "Retry-After: %s", v)
	}
}

// statusServer answers every request with status and a Retry-After header,
// counting the requests.
func statusServer(t *testing.T, status int, retryAfter string, calls *int) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*calls++
		w.Header().Set("Retry-After", retryAfter)
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRetryAfterIsHonouredFor429And503(t *testing.T) {
	for status, kind := range map[int]Kind{http.StatusTooManyRequests: KindRateLimited, http.StatusServiceUnavailable: KindTransient} {
		calls := 0
		srv := statusServer(t, status, "86400", &calls)
		c, err := New(Options{Service: "test", BaseURL: srv.URL})
		require.NoError(t, err)
		e, ok := As(c.Do(context.Background(), Call{Method: http.MethodGet, Path: "/x", Op: "GET /x", Idempotent: true}, nil))
		require.True(t, ok)
		require.Equal(t, kind, e.Kind, "status %d", status)
		require.Equal(t, MaxRetryAfter, e.RetryAfter, "status %d: a day is clamped", status)
		require.Equal(t, 1, calls, "status %d: a wait beyond MaxBackoff is left to the caller", status)
	}
}

func TestRetryAfterPacesInCallRetries(t *testing.T) {
	calls := 0
	srv := statusServer(t, http.StatusServiceUnavailable, "1", &calls)
	c, err := New(Options{Service: "test", BaseURL: srv.URL, MaxAttempts: 2, BaseBackoff: time.Millisecond})
	require.NoError(t, err)
	start := time.Now()
	e, ok := As(c.Do(context.Background(), Call{Method: http.MethodGet, Path: "/x", Op: "GET /x", Idempotent: true}, nil))
	require.True(t, ok)
	require.Equal(t, time.Second, e.RetryAfter)
	require.Equal(t, 2, calls)
	require.GreaterOrEqual(t, time.Since(start), time.Second, "the retry waited for Retry-After, not the 1ms backoff")
}

// bigBody answers 200 with a JSON string of n bytes, without a
// Content-Length unless declare is set.
func bigBody(t *testing.T, n int, declare bool) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if declare {
			w.Header().Set("Content-Length", strconv.Itoa(n))
		}
		chunk := bytes.Repeat([]byte("a"), 64<<10)
		_, _ = w.Write([]byte(`"`))
		for written := 2; written < n; written += len(chunk) {
			if _, err := w.Write(chunk[:min(len(chunk), n-written)]); err != nil {
				return // the client stopped reading
			}
		}
		_, _ = w.Write([]byte(`"`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestSuccessBodyOverTheLimitIsRefused(t *testing.T) {
	call := Call{Method: http.MethodGet, Path: "/x", Op: "GET /x", Idempotent: true}
	for name, tc := range map[string]struct {
		size     int
		declare  bool
		maxBytes int64
	}{
		"64 MiB, default limit":            {64 << 20, false, 0},
		"declared length over the limit":   {2 << 10, true, 1 << 10},
		"streamed body over a small limit": {2 << 10, false, 1 << 10},
	} {
		t.Run(name, func(t *testing.T) {
			c, err := New(Options{Service: "test", BaseURL: bigBody(t, tc.size, tc.declare).URL, MaxResponseBytes: tc.maxBytes})
			require.NoError(t, err)
			var out string
			e, ok := As(c.Do(context.Background(), call, &out))
			require.True(t, ok)
			require.Equal(t, KindPermanent, e.Kind)
			require.False(t, e.Retryable())
			require.Contains(t, e.Error(), "larger than the")
			require.Empty(t, out)
		})
	}
	c, err := New(Options{Service: "test", BaseURL: bigBody(t, 1<<10, true).URL, MaxResponseBytes: 1 << 10})
	require.NoError(t, err)
	var out string
	require.NoError(t, c.Do(context.Background(), call, &out), "a body of exactly the limit is read")
	require.Len(t, out, 1<<10-2)
}

func TestTransientFailuresOpenTheBreaker(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	c, err := New(Options{Service: "test", BaseURL: srv.URL, MaxAttempts: 1, BreakerFailures: 2, BreakerOpenFor: time.Minute})
	require.NoError(t, err)
	call := Call{Method: http.MethodGet, Path: "/x", Op: "GET /x", Idempotent: true}
	for range 2 {
		e, ok := As(c.Do(context.Background(), call, nil))
		require.True(t, ok)
		require.Equal(t, KindTransient, e.Kind)
	}
	e, ok := As(c.Do(context.Background(), call, nil))
	require.True(t, ok)
	require.Equal(t, KindBreakerOpen, e.Kind)
	require.InDelta(t, time.Minute, e.RetryAfter, float64(5*time.Second), "what is left of the open minute")
	require.True(t, e.Retryable())
	require.Equal(t, 2, calls, "an open breaker sends nothing")
}
