package gateway

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/codec"
)

const uiOrigin = "http://localhost:8233"

func codecHarness(t *testing.T, requireAdmin gin.HandlerFunc) *harness {
	t.Helper()
	keys, err := codec.NewKeyString("k1")
	require.NoError(t, err)
	ring, err := codec.ParseKeyRing(keys)
	require.NoError(t, err)
	return newHarness(t, func(d *Deps) {
		d.Codec = codec.NewHTTPHandler(ring, []string{uiOrigin})
		d.RequireAdmin = requireAdmin
	})
}

// encodeBody is one JSON payload in the codec-server protocol.
const encodeBody = `{"payloads":[{"metadata":{"encoding":"anNvbi9wbGFpbg=="},"data":"InNlY3JldCI="}]}`

func TestCodecPreflightIsOpen(t *testing.T) {
	h := codecHarness(t, nil)
	r := h.do(t, http.MethodOptions, "/codec/decode", nil, map[string]string{
		"Origin": uiOrigin, "Access-Control-Request-Method": "POST",
	})
	require.Equal(t, http.StatusNoContent, r.status)
	require.Equal(t, uiOrigin, r.header.Get("Access-Control-Allow-Origin"))
	require.Equal(t, "true", r.header.Get("Access-Control-Allow-Credentials"))
}

func TestCodecWithoutAnAdminCheckRefusesEveryone(t *testing.T) {
	h := codecHarness(t, nil)
	for _, path := range []string{"/codec/decode", "/codec/encode"} {
		r := h.do(t, http.MethodPost, path, []byte(encodeBody), map[string]string{"Origin": uiOrigin})
		require.Equal(t, http.StatusUnauthorized, r.status, path)
	}
}

func TestCodecBehindTheAdminCheck(t *testing.T) {
	admin := func(c *gin.Context) {
		if c.GetHeader("Authorization") != "Bearer admin" {
			abortWithError(c, http.StatusUnauthorized, "not signed in")
		}
	}
	h := codecHarness(t, admin)
	r := h.do(t, http.MethodPost, "/codec/encode", []byte(encodeBody), map[string]string{"Origin": uiOrigin})
	require.Equal(t, http.StatusUnauthorized, r.status)

	r = h.do(t, http.MethodPost, "/codec/encode", []byte(encodeBody), map[string]string{
		"Origin": uiOrigin, "Authorization": "Bearer admin",
	})
	require.Equal(t, http.StatusOK, r.status, r.raw)
	require.Contains(t, r.raw, "YmluYXJ5L2VuY3J5cHRlZA==", "the payload comes back encrypted (binary/encrypted)")
	require.False(t, strings.Contains(r.raw, "InNlY3JldCI="), "the plain data is gone")
}

func TestNoCodecNoRoute(t *testing.T) {
	h := newHarness(t)
	r := h.do(t, http.MethodPost, "/codec/decode", []byte(encodeBody), nil)
	require.Equal(t, http.StatusNotFound, r.status)
}
