package codec

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func b64(n int) string { return base64.StdEncoding.EncodeToString(make([]byte, n)) }

func TestParseKeyRing(t *testing.T) {
	r, err := ParseKeyRing(" new:" + b64(32) + " , old:" + b64(32))
	require.NoError(t, err)
	require.Equal(t, []string{"new", "old"}, r.IDs(), "the first key is the encrypting one")
	require.Equal(t, "new", r.encryptingKey().id)
}

func TestParseKeyRingRefuses(t *testing.T) {
	secret := "c2VjcmV0LWtleS1tYXRlcmlhbA" // must never be echoed in an error
	cases := map[string]struct{ in, want string }{
		"empty":        {"  ", "empty"},
		"no colon":     {"k1" + b64(32), "no colon"},
		"bad base64":   {"k1:" + secret + "!!", `key "k1" is not valid base64`},
		"short key":    {"k1:" + b64(16), `key "k1" is 16 bytes: want 32`},
		"long key":     {"k1:" + b64(33), `key "k1" is 33 bytes: want 32`},
		"duplicate id": {"k1:" + b64(32) + ",k1:" + b64(32), `key id "k1" appears twice`},
		"empty id":     {":" + b64(32), "empty id"},
		"odd id":       {"k 1:" + b64(32), "letters, digits"},
		"empty entry":  {"k1:" + b64(32) + ",", "entry 2 has no colon"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ParseKeyRing(tc.in)
			require.ErrorContains(t, err, tc.want)
			require.NotContains(t, err.Error(), secret)
		})
	}
}

func TestNewKeyStringParses(t *testing.T) {
	a, err := NewKeyString("k1")
	require.NoError(t, err)
	b, err := NewKeyString("k2")
	require.NoError(t, err)
	require.NotEqual(t, strings.TrimPrefix(a, "k1:"), strings.TrimPrefix(b, "k2:"), "every key is fresh")
	r, err := ParseKeyRing(b + "," + a)
	require.NoError(t, err)
	require.Equal(t, []string{"k2", "k1"}, r.IDs())
	_, err = NewKeyString("bad:id")
	require.Error(t, err)
}
