package gateway

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/codec"
)

const uiOrigin = "http://localhost:8233"

func codecHarness(t *testing.T) *harness {
	t.Helper()
	keys, err := codec.NewKeyString("k1")
	require.NoError(t, err)
	ring, err := codec.ParseKeyRing(keys)
	require.NoError(t, err)
	return newHarness(t, func(d *Deps) {
		d.Codec = codec.NewHTTPHandler(ring, []string{uiOrigin})
	})
}

// encodeBody is one JSON payload in the codec-server protocol.
const encodeBody = `{"payloads":[{"metadata":{"encoding":"anNvbi9wbGFpbg=="},"data":"InNlY3JldCI="}]}`

// The encode and decode behind the admin session: settings_test.go.

func TestCodecPreflightIsOpen(t *testing.T) {
	h := codecHarness(t)
	r := h.do(t, http.MethodOptions, "/codec/decode", nil, map[string]string{
		"Origin": uiOrigin, "Access-Control-Request-Method": "POST",
	})
	require.Equal(t, http.StatusNoContent, r.status)
	require.Equal(t, uiOrigin, r.header.Get("Access-Control-Allow-Origin"))
	require.Equal(t, "true", r.header.Get("Access-Control-Allow-Credentials"))
}

func TestNoCodecNoRoute(t *testing.T) {
	h := newHarness(t)
	r := h.do(t, http.MethodPost, "/codec/decode", []byte(encodeBody), nil)
	require.Equal(t, http.StatusNotFound, r.status)
}
