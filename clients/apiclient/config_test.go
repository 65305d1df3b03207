package apiclient

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
)

func TestConfigOptionsTakeTheAPIDefaults(t *testing.T) {
	api := API{Service: "test", DefaultBaseURL: "https://api.test/v1", RequestsPerSecond: 10, Burst: 20}

	opts := Config{}.Options(api, nil)
	require.Equal(t, "test", opts.Service)
	require.Equal(t, "default", opts.Account)
	require.Equal(t, "https://api.test/v1", opts.BaseURL)
	require.Equal(t, rate.Limit(10), opts.Limiter.Limit())
	require.Equal(t, 20, opts.Limiter.Burst())

	opts = Config{BaseURL: "http://localhost:8081/v1", Account: "conn", RequestsPerSecond: 2, Burst: 3}.Options(api, nil)
	require.Equal(t, "conn", opts.Account)
	require.Equal(t, "http://localhost:8081/v1", opts.BaseURL)
	require.Equal(t, rate.Limit(2), opts.Limiter.Limit())
	require.Equal(t, 3, opts.Limiter.Burst())

	require.Nil(t, Config{RequestsPerSecond: -1}.Options(api, nil).Limiter, "a negative rate disables pacing")
}
