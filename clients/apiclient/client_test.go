package apiclient

import (
	"context"
	"net/http"
	"net/http/httptest"
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
	require.Equal(t, time.Minute, e.RetryAfter)
	require.True(t, e.Retryable())
	require.Equal(t, 2, calls, "an open breaker sends nothing")
}
