package leveremulator

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// The account's own key is held to its bucket; an unmetered key of the same
// account reaches the same data beyond it, counted under its own name.
func TestUnmeteredKeyPassesTheRateLimitOfItsAccount(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.RateLimit = RateLimit{RequestsPerSecond: 0.001, Burst: 2} })
	key, err := h.emu.AddUnmeteredAPIKey(DefaultAccount)
	require.NoError(t, err)
	for range 2 {
		status, _ := h.do(t, http.MethodGet, "/v1/stages", "")
		require.Equal(t, http.StatusOK, status)
	}
	status, raw := h.do(t, http.MethodGet, "/v1/stages", "")
	wantError(t, status, raw, http.StatusTooManyRequests, "TooManyRequests")
	for range 5 {
		status, _ := h.doAs(t, key, http.MethodGet, "/v1/postings/"+h.seed.PostingID, "")
		require.Equal(t, http.StatusOK, status)
	}
	require.EqualValues(t, 1, h.emu.Throttled(DefaultAccount))
	require.Equal(t, map[string]int{"GET /v1/postings/:id": 5}, h.emu.RequestCounts(key))

	_, err = h.emu.AddUnmeteredAPIKey("nobody")
	require.Error(t, err)
}
