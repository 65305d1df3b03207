package leveremulator

import (
	"crypto/rand"
	"fmt"
)

// newID returns a random UUID (version 4), the shape of Lever's ids.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

const alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randomAlphanumeric returns n random letters and digits, the shape of
// Lever's delivery tokens and signature tokens.
func randomAlphanumeric(n int) string {
	out := make([]byte, 0, n)
	var buf [64]byte
	for len(out) < n {
		_, _ = rand.Read(buf[:])
		for _, b := range buf {
			// 248 = 4*62: rejecting larger bytes keeps every character
			// equally likely.
			if b < 248 && len(out) < n {
				out = append(out, alphanumerics[b%62])
			}
		}
	}
	return string(out)
}
