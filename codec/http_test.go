package codec

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/encoding/protojson"
)

const uiOrigin = "http://localhost:8233"

func codecServer(t *testing.T, r *KeyRing) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.StripPrefix("/codec", NewHTTPHandler(r, []string{uiOrigin})))
	t.Cleanup(srv.Close)
	return srv
}

// post sends payloads to the codec server as the Temporal UI does.
func post(t *testing.T, url, origin string, payloads ...*commonpb.Payload) (*http.Response, []*commonpb.Payload) {
	t.Helper()
	body, err := protojson.Marshal(&commonpb.Payloads{Payloads: payloads})
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Namespace", "default")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var out commonpb.Payloads
	if resp.StatusCode == http.StatusOK {
		require.NoError(t, protojson.Unmarshal(raw, &out), "%s", raw)
	}
	return resp, out.Payloads
}

func TestHTTPHandlerEncodesAndDecodes(t *testing.T) {
	r := parse(t, mustRing(t, "k1"))
	srv := codecServer(t, r)
	plain, err := converter.GetDefaultDataConverter().ToPayload(map[string]string{"email": "ada@example.com"})
	require.NoError(t, err)

	resp, encoded := post(t, srv.URL+"/codec/encode", uiOrigin, plain)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, uiOrigin, resp.Header.Get("Access-Control-Allow-Origin"))
	require.Equal(t, "true", resp.Header.Get("Access-Control-Allow-Credentials"))
	require.Len(t, encoded, 1)
	require.Equal(t, EncodingEncrypted, string(encoded[0].Metadata[converter.MetadataEncoding]))
	require.NotContains(t, string(encoded[0].Data), "ada@example.com")

	resp, decoded := post(t, srv.URL+"/codec/decode", "", encoded...)
	require.Equal(t, http.StatusOK, resp.StatusCode, "a client without Origin (the CLI) is served")
	require.Len(t, decoded, 1)
	var got map[string]string
	require.NoError(t, json.Unmarshal(decoded[0].Data, &got))
	require.Equal(t, "ada@example.com", got["email"])

	other := parse(t, mustRing(t, "k9"))
	resp, _ = post(t, codecServer(t, other).URL+"/codec/decode", "", encoded...)
	require.Equal(t, http.StatusBadRequest, resp.StatusCode, "a ring without the key cannot decode")
}

func TestHTTPHandlerAnswersThePreflight(t *testing.T) {
	srv := codecServer(t, parse(t, mustRing(t, "k1")))
	req, err := http.NewRequest(http.MethodOptions, srv.URL+"/codec/decode", nil)
	require.NoError(t, err)
	req.Header.Set("Origin", uiOrigin)
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type,x-namespace")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNoContent, resp.StatusCode)
	require.Equal(t, uiOrigin, resp.Header.Get("Access-Control-Allow-Origin"))
	require.Equal(t, "true", resp.Header.Get("Access-Control-Allow-Credentials"))
	require.Contains(t, resp.Header.Get("Access-Control-Allow-Methods"), "POST")
	require.Equal(t, "Content-Type, X-Namespace, Authorization", resp.Header.Get("Access-Control-Allow-Headers"))
}

func TestHTTPHandlerRefusesOtherOrigins(t *testing.T) {
	srv := codecServer(t, parse(t, mustRing(t, "k1")))
	resp, _ := post(t, srv.URL+"/codec/decode", "https://evil.example")
	require.Equal(t, http.StatusForbidden, resp.StatusCode)
	require.Empty(t, resp.Header.Get("Access-Control-Allow-Origin"))

	req, err := http.NewRequest(http.MethodOptions, srv.URL+"/codec/decode", nil)
	require.NoError(t, err)
	req.Header.Set("Origin", "https://evil.example")
	pre, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	pre.Body.Close()
	require.Equal(t, http.StatusForbidden, pre.StatusCode)
}

func TestHTTPHandlerBoundsTheBody(t *testing.T) {
	srv := codecServer(t, parse(t, mustRing(t, "k1")))
	big := &commonpb.Payload{Data: make([]byte, MaxRequestBytes)}
	resp, _ := post(t, srv.URL+"/codec/encode", "", big)
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
}
