package apiclient

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
)

// A call that would wait for the rate limiter past its deadline takes no
// slot and answers as a 429 would, with the time until a slot is free; the
// server sees nothing.
func TestPacingPastTheDeadlineIsARateLimitWithItsDelay(t *testing.T) {
	var served atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		served.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	limiter := rate.NewLimiter(rate.Every(time.Second), 1)
	c, err := New(Options{Service: "test", BaseURL: srv.URL, Limiter: limiter})
	require.NoError(t, err)
	call := Call{Method: http.MethodPost, Path: "/things", Op: "POST /things"}

	require.NoError(t, c.Do(context.Background(), call, nil)) // takes the one slot
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err = c.Do(ctx, call, nil)
	e, ok := As(err)
	require.True(t, ok, "%v", err)
	require.Equal(t, KindRateLimited, e.Kind)
	require.InDelta(t, time.Second, e.RetryAfter, float64(100*time.Millisecond))
	require.Equal(t, int32(1), served.Load())

	// The refused call took no slot: the next is still about a second away.
	r := limiter.Reserve()
	defer r.Cancel()
	require.Less(t, r.Delay(), 1100*time.Millisecond)
}
