package activities

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"github.com/cjlever/cjlever/clients/apiclient"
)

func TestAPIFailureClassifiesForRetries(t *testing.T) {
	cases := []struct {
		name         string
		err          error
		wantType     string
		nonRetryable bool
		wantDelay    time.Duration
		wantInMsg    string
	}{
		{"404", &apiclient.Error{Service: "codejudge", Status: 404, Kind: apiclient.KindNotFound}, ErrTypeNotFound, true, 0, "Codejudge could not find it"},
		{"401", &apiclient.Error{Service: "lever", Status: 401, Kind: apiclient.KindPermanent}, ErrTypePermanent, true, 0, "reconnected"},
		{"422", &apiclient.Error{Service: "codejudge", Status: 422, Kind: apiclient.KindPermanent, Message: "email is invalid"}, ErrTypePermanent, true, 0, "Codejudge said: email is invalid"},
		{"429", &apiclient.Error{Service: "lever", Status: 429, Kind: apiclient.KindRateLimited, RetryAfter: 7 * time.Second}, ErrTypeRateLimited, false, 7 * time.Second, ""},
		{"breaker", &apiclient.Error{Service: "lever", Kind: apiclient.KindBreakerOpen, RetryAfter: 30 * time.Second}, ErrTypeBreakerOpen, false, 30 * time.Second, ""},
		{"503", &apiclient.Error{Service: "lever", Status: 503, Kind: apiclient.KindTransient}, ErrTypeTransient, false, 0, ""},
		{"503 with Retry-After", &apiclient.Error{Service: "lever", Status: 503, Kind: apiclient.KindTransient, RetryAfter: 20 * time.Second}, ErrTypeTransient, false, 20 * time.Second, ""},
		{"other", errors.New("boom"), ErrTypeTransient, false, 0, "boom"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := apiFailure(context.Background(), "doing it", tc.err)
			var appErr *temporal.ApplicationError
			require.True(t, errors.As(err, &appErr))
			require.Equal(t, tc.wantType, appErr.Type())
			require.Equal(t, tc.nonRetryable, appErr.NonRetryable())
			require.Equal(t, tc.wantDelay, appErr.NextRetryDelay())
			require.Contains(t, appErr.Message(), "doing it")
			require.Contains(t, appErr.Message(), tc.wantInMsg)
		})
	}
}

func TestRetryDelayNeverPassesTheSchedule(t *testing.T) {
	require.Equal(t, 4500*time.Millisecond, clampToSchedule(5*time.Minute, 5*time.Second), "a last try before the deadline")
	require.Equal(t, 5*time.Minute, clampToSchedule(5*time.Minute, time.Hour))
	require.Equal(t, 5*time.Minute, clampToSchedule(5*time.Minute, 0), "unbounded")
	require.Zero(t, scheduleLeft(context.Background()), "outside an activity")
}
