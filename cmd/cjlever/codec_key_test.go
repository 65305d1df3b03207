package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/codec"
)

func TestCodecKeyPrintsAFreshKeyRing(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, runCodecKey(nil, &out, time.Date(2026, 5, 4, 23, 0, 0, 0, time.UTC)))
	ring, err := codec.ParseKeyRing(strings.TrimSpace(out.String()))
	require.NoError(t, err)
	require.Equal(t, []string{"k20260504"}, ring.IDs())

	out.Reset()
	require.NoError(t, runCodecKey([]string{"--id", "2026-q2"}, &out, time.Now()))
	require.True(t, strings.HasPrefix(out.String(), "2026-q2:"), out.String())

	require.Error(t, runCodecKey([]string{"--id", "a:b"}, &out, time.Now()))
	require.Error(t, runCodecKey([]string{"extra"}, &out, time.Now()))
}
