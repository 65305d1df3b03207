package codec

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
)

func mustRing(t *testing.T, ids ...string) string {
	t.Helper()
	var entries []string
	for _, id := range ids {
		s, err := NewKeyString(id)
		require.NoError(t, err)
		entries = append(entries, s)
	}
	return strings.Join(entries, ",")
}

func parse(t *testing.T, s string) *KeyRing {
	t.Helper()
	r, err := ParseKeyRing(s)
	require.NoError(t, err)
	return r
}

type candidate struct{ Name, Email string }

func TestDataConverterRoundTripHidesThePlainText(t *testing.T) {
	dc := parse(t, mustRing(t, "k1")).DataConverter()
	in := candidate{Name: "Grace Hopper", Email: "grace@example.com"}
	p, err := dc.ToPayload(in)
	require.NoError(t, err)
	require.Equal(t, EncodingEncrypted, string(p.Metadata[converter.MetadataEncoding]))
	require.Equal(t, "k1", string(p.Metadata[MetadataKeyID]))
	require.NotContains(t, string(p.Data), "Grace Hopper")
	require.NotContains(t, string(p.Data), "json/plain", "the inner metadata is sealed too")

	var out candidate
	require.NoError(t, dc.FromPayload(p, &out))
	require.Equal(t, in, out)

	again, err := dc.ToPayload(in)
	require.NoError(t, err)
	require.NotEqual(t, p.Data, again.Data, "a fresh nonce each time")
}

func TestRotationStillDecodesTheOldKey(t *testing.T) {
	old := mustRing(t, "k1")
	sealedOld, err := parse(t, old).DataConverter().ToPayload(candidate{Name: "Old"})
	require.NoError(t, err)

	rotated := parse(t, mustRing(t, "k2")+","+old).DataConverter()
	var out candidate
	require.NoError(t, rotated.FromPayload(sealedOld, &out))
	require.Equal(t, "Old", out.Name)

	sealedNew, err := rotated.ToPayload(candidate{Name: "New"})
	require.NoError(t, err)
	require.Equal(t, "k2", string(sealedNew.Metadata[MetadataKeyID]), "the first key encrypts")
}

func TestTamperedCiphertextIsRefused(t *testing.T) {
	r := parse(t, mustRing(t, "k1"))
	p, err := r.DataConverter().ToPayload(candidate{Name: "Ada"})
	require.NoError(t, err)
	p.Data[len(p.Data)-1] ^= 1
	_, err = r.PayloadCodec().Decode([]*commonpb.Payload{p})
	require.ErrorContains(t, err, "failed authentication")

	short := &commonpb.Payload{Metadata: p.Metadata, Data: []byte{1, 2}}
	_, err = r.PayloadCodec().Decode([]*commonpb.Payload{short})
	require.ErrorContains(t, err, "too short")
}

func TestKeyIDIsBoundToTheCiphertext(t *testing.T) {
	// Two keys with the same secret: relabelling a payload must still fail.
	entry := mustRing(t, "k1")
	r := parse(t, entry+",k2"+entry[len("k1"):])
	p, err := r.DataConverter().ToPayload(candidate{Name: "Ada"})
	require.NoError(t, err)
	p.Metadata[MetadataKeyID] = []byte("k2")
	_, err = r.PayloadCodec().Decode([]*commonpb.Payload{p})
	require.ErrorContains(t, err, "failed authentication")
}

func TestUnknownKeyID(t *testing.T) {
	p, err := parse(t, mustRing(t, "gone")).DataConverter().ToPayload("x")
	require.NoError(t, err)
	_, err = parse(t, mustRing(t, "k1")).PayloadCodec().Decode([]*commonpb.Payload{p})
	require.ErrorIs(t, err, ErrUnknownKey)
	require.ErrorContains(t, err, `"gone"`)
}

func TestPlainPayloadsPassThrough(t *testing.T) {
	plain, err := converter.GetDefaultDataConverter().ToPayload(candidate{Name: "Before the codec"})
	require.NoError(t, err)
	var out candidate
	require.NoError(t, parse(t, mustRing(t, "k1")).DataConverter().FromPayload(plain, &out))
	require.Equal(t, "Before the codec", out.Name)
}

func TestFailureMessagesAreSealed(t *testing.T) {
	fc := parse(t, mustRing(t, "k1")).FailureConverter()
	f := fc.ErrorToFailure(errors.New("lever: no opportunity for grace@example.com"))
	require.NotContains(t, f.String(), "grace@example.com")
	require.NotNil(t, f.EncodedAttributes)
	require.ErrorContains(t, fc.FailureToError(f), "grace@example.com")
}
