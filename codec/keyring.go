package codec

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the length of an AES-256 key in bytes.
const KeySize = 32

// maxKeyIDLen bounds a key id: it is written into every payload's metadata.
const maxKeyIDLen = 64

// Key is one named encryption key.
type Key struct {
	// ID names the key in every payload it encrypts.
	ID string
	// Secret is the AES-256 key, KeySize bytes.
	Secret []byte
}

// KeyRing holds the keys: the first encrypts, every one decrypts.
type KeyRing struct {
	keys []ringKey
	byID map[string]ringKey
}

// ringKey is a key ready to seal and open.
type ringKey struct {
	id   string
	aead cipher.AEAD
}

// NewKeyRing checks the keys and builds a ring; the first key encrypts.
func NewKeyRing(keys ...Key) (*KeyRing, error) {
	if len(keys) == 0 {
		return nil, errors.New("no keys: want at least one id:base64key")
	}
	r := &KeyRing{byID: make(map[string]ringKey, len(keys))}
	for _, k := range keys {
		if err := checkKeyID(k.ID); err != nil {
			return nil, err
		}
		if len(k.Secret) != KeySize {
			return nil, fmt.Errorf("key %q is %d bytes: want %d (AES-256)", k.ID, len(k.Secret), KeySize)
		}
		if _, dup := r.byID[k.ID]; dup {
			return nil, fmt.Errorf("key id %q appears twice", k.ID)
		}
		block, err := aes.NewCipher(k.Secret)
		if err != nil {
			return nil, fmt.Errorf("key %q: %w", k.ID, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("key %q: %w", k.ID, err)
		}
		rk := ringKey{id: k.ID, aead: aead}
		r.keys = append(r.keys, rk)
		r.byID[k.ID] = rk
	}
	return r, nil
}

// ParseKeyRing reads "id:base64key[,id:base64key...]" (standard base64 of
// KeySize bytes), the format of CJLEVER_CODEC_KEYS. Errors never carry key
// material.
func ParseKeyRing(s string) (*KeyRing, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("empty: want id:base64key[,id:base64key...]")
	}
	var keys []Key
	for i, entry := range strings.Split(s, ",") {
		id, encoded, ok := strings.Cut(strings.TrimSpace(entry), ":")
		if !ok {
			return nil, fmt.Errorf("entry %d has no colon: want id:base64key", i+1)
		}
		secret, err := base64.StdEncoding.DecodeString(encoded)
		if err != nil {
			return nil, fmt.Errorf("key %q is not valid base64", id)
		}
		keys = append(keys, Key{ID: id, Secret: secret})
	}
	return NewKeyRing(keys...)
}

// IDs are the key ids, the encrypting one first.
func (r *KeyRing) IDs() []string {
	ids := make([]string, len(r.keys))
	for i, k := range r.keys {
		ids[i] = k.id
	}
	return ids
}

// encryptingKey is the key new payloads are encrypted with.
func (r *KeyRing) encryptingKey() ringKey { return r.keys[0] }

// key finds a decrypting key by id.
func (r *KeyRing) key(id string) (ringKey, bool) {
	k, ok := r.byID[id]
	return k, ok
}

// checkKeyID allows the characters that survive the id:key,id:key format,
// environment variables and metadata unchanged.
func checkKeyID(id string) error {
	if id == "" {
		return errors.New("a key has an empty id")
	}
	if len(id) > maxKeyIDLen {
		return fmt.Errorf("key id %.16q... is longer than %d characters", id, maxKeyIDLen)
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return fmt.Errorf("key id %q: use letters, digits, '-', '_' and '.' only", id)
		}
	}
	return nil
}
