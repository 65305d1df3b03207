package codec

import (
	"crypto/rand"
	"errors"
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/proto"
)

// Metadata of an encrypted payload.
const (
	// EncodingEncrypted is the "encoding" of a payload this codec sealed.
	EncodingEncrypted = "binary/encrypted"
	// MetadataKeyID names the key that sealed the payload.
	MetadataKeyID = "encryption-key-id"
)

// payloadCodec seals each payload whole (its data and its metadata, as
// protobuf) with the ring's first key; the key id is also the additional
// data, so a payload cannot be passed off as sealed by another key.
type payloadCodec struct{ ring *KeyRing }

var _ converter.PayloadCodec = payloadCodec{}

// Encode seals every payload with the encrypting key.
func (c payloadCodec) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	k := c.ring.encryptingKey()
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		plain, err := proto.Marshal(p)
		if err != nil {
			return nil, fmt.Errorf("codec: marshalling a payload: %w", err)
		}
		nonce := make([]byte, k.aead.NonceSize(), k.aead.NonceSize()+len(plain)+k.aead.Overhead())
		_, _ = rand.Read(nonce) // crypto/rand.Read never fails (Go 1.24+)
		out[i] = &commonpb.Payload{
			Metadata: map[string][]byte{
				converter.MetadataEncoding: []byte(EncodingEncrypted),
				MetadataKeyID:              []byte(k.id),
			},
			Data: k.aead.Seal(nonce, nonce, plain, []byte(k.id)),
		}
	}
	return out, nil
}

// Decode opens every sealed payload with the key its metadata names.
// Payloads that were never sealed (written before the codec was turned on)
// pass through unchanged, so older histories stay readable.
func (c payloadCodec) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		if string(p.GetMetadata()[converter.MetadataEncoding]) != EncodingEncrypted {
			out[i] = p
			continue
		}
		decoded, err := c.open(p)
		if err != nil {
			return nil, err
		}
		out[i] = decoded
	}
	return out, nil
}

// ErrUnknownKey is returned for a payload sealed by a key the ring lacks.
var ErrUnknownKey = errors.New("codec: the payload was encrypted with a key that is not in the key ring")

func (c payloadCodec) open(p *commonpb.Payload) (*commonpb.Payload, error) {
	id := string(p.GetMetadata()[MetadataKeyID])
	k, ok := c.ring.key(id)
	if !ok {
		return nil, fmt.Errorf("%w (key id %q; the ring holds %v)", ErrUnknownKey, id, c.ring.IDs())
	}
	n := k.aead.NonceSize()
	if len(p.GetData()) < n {
		return nil, errors.New("codec: an encrypted payload is too short to be genuine")
	}
	plain, err := k.aead.Open(nil, p.Data[:n], p.Data[n:], []byte(id))
	if err != nil {
		return nil, fmt.Errorf("codec: a payload sealed with key %q failed authentication: it was altered or the key is wrong", id)
	}
	var decoded commonpb.Payload
	if err := proto.Unmarshal(plain, &decoded); err != nil {
		return nil, fmt.Errorf("codec: unmarshalling a decrypted payload: %w", err)
	}
	return &decoded, nil
}
