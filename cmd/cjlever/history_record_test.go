//go:build !nodev

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/proxy"
	"go.temporal.io/sdk/client"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/cjlever/cjlever/codec"
)

// recordHistory writes a finished workflow's history to workflows/testdata
// for the replay test, when CJLEVER_RECORD_HISTORIES=1, with its payloads
// decrypted by ring: the replay test has no key. Record again after a
// deliberate, versioned change to workflow code; never to silence a replay
// failure.
func recordHistory(t *testing.T, c client.Client, ring *codec.KeyRing, workflowID, name string) {
	t.Helper()
	if os.Getenv("CJLEVER_RECORD_HISTORIES") != "1" {
		return
	}
	iter := c.GetWorkflowHistory(context.Background(), workflowID, "", false, 0)
	var h historypb.History
	for iter.HasNext() {
		ev, err := iter.Next()
		require.NoError(t, err)
		h.Events = append(h.Events, ev)
	}
	require.NoError(t, proxy.VisitPayloads(context.Background(), &h, proxy.VisitPayloadsOptions{
		Visitor: func(_ *proxy.VisitPayloadsContext, p []*commonpb.Payload) ([]*commonpb.Payload, error) {
			return ring.PayloadCodec().Decode(p)
		},
		SkipSearchAttributes: true,
	}))
	b, err := protojson.MarshalOptions{Indent: "  "}.Marshal(&h)
	require.NoError(t, err)
	path := filepath.Join("..", "..", "workflows", "testdata", strings.ReplaceAll(name, " ", "_")+".history.json")
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, b, 0o644))
	t.Logf("recorded %s", path)
}
