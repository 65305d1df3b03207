package admin

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// keys are the HMAC keys of the page, one per purpose so that no signed value
// can stand in for another. They are derived from the admin password and the
// session secret only, so every gateway process derives the same keys and
// checks any other's cookies without shared state; changing either signs
// everyone out.
type keys struct {
	session, csrf, oauth []byte
}

func deriveKeys(password, secret string) keys {
	derive := func(purpose string) []byte {
		k, err := hkdf.Key(sha256.New, []byte(password), []byte(secret), "cjlever admin "+purpose, sha256.Size)
		if err != nil {
			panic("admin: deriving a key: " + err.Error()) // only for lengths sha256 cannot give
		}
		return k
	}
	return keys{session: derive("session"), csrf: derive("csrf"), oauth: derive("oauth state")}
}

// seal signs v (JSON) with key: base64url(json) "." base64url(mac). The value
// is readable by whoever holds it, so it carries nothing secret.
func seal(key []byte, v any) string {
	body, err := json.Marshal(v)
	if err != nil {
		panic("admin: sealing a value: " + err.Error()) // our own structs always marshal
	}
	b := base64.RawURLEncoding.EncodeToString(body)
	return b + "." + base64.RawURLEncoding.EncodeToString(mac(key, b))
}

// unseal checks s's signature and decodes it into v.
func unseal(key []byte, s string, v any) bool {
	b, sig, ok := strings.Cut(s, ".")
	if !ok {
		return false
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, mac(key, b)) {
		return false
	}
	body, err := base64.RawURLEncoding.DecodeString(b)
	return err == nil && json.Unmarshal(body, v) == nil
}

func mac(key []byte, s string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(s))
	return m.Sum(nil)
}

// expired reports whether a sealed value's expiry (Unix seconds) has passed.
func expired(exp int64, now time.Time) bool {
	return now.Unix() >= exp
}

// randomToken is 32 random bytes, base64url: session ids, OAuth states and
// script nonces.
func randomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b[:])
}
