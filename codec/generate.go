package codec

import (
	"crypto/rand"
	"encoding/base64"
)

// NewKeyString makes a fresh random key and returns it as a one-key ring in
// the CJLEVER_CODEC_KEYS format, "id:base64key". To rotate, put its output
// first and keep the old entries after it.
func NewKeyString(id string) (string, error) {
	if err := checkKeyID(id); err != nil {
		return "", err
	}
	secret := make([]byte, KeySize)
	_, _ = rand.Read(secret) // crypto/rand.Read never fails (Go 1.24+)
	return id + ":" + base64.StdEncoding.EncodeToString(secret), nil
}
