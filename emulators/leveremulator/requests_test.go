package leveremulator

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRequestsAreCountedByCredentialAndRoute(t *testing.T) {
	e, err := New(Options{APIKey: "key"})
	require.NoError(t, err)
	t.Cleanup(e.Close)
	srv := httptest.NewServer(e.Handler())
	t.Cleanup(srv.Close)
	get := func(path, user string) {
		req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		require.NoError(t, err)
		req.SetBasicAuth(user, "")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
	}
	get("/v1/stages", "key")
	get("/v1/stages", "key")
	get("/v1/opportunities/missing", "key")
	get("/v1/stages", "someone-else")
	require.Equal(t, map[string]int{"GET /v1/stages": 2, "GET /v1/opportunities/:id": 1}, e.RequestCounts("key"))
	require.Equal(t, map[string]int{"GET /v1/stages": 1}, e.RequestCounts("someone-else"))
}
