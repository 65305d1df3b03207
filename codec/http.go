package codec

import (
	"net/http"
	"slices"
	"strings"

	"go.temporal.io/sdk/converter"
)

// MaxRequestBytes bounds a codec request: Temporal refuses payloads over
// 2 MiB, and the UI sends the payloads of one event or field at a time.
const MaxRequestBytes = 8 << 20

// corsAllowHeaders are the request headers the Temporal UI sends.
const corsAllowHeaders = "Content-Type, X-Namespace, Authorization"

// NewHTTPHandler serves Temporal's codec-server protocol (POST .../encode and
// .../decode, JSON payloads) with the ring, for the Temporal Web UI and CLI.
// Browsers may call it from allowedOrigins only (exact "scheme://host:port"),
// with credentials, so the caller's session cookie comes along; it answers
// their OPTIONS preflight itself. A request with no Origin header (the
// CLI, curl) is served. The handler does not authenticate: mount it behind
// the caller's own check, since decode reveals every payload.
func NewHTTPHandler(ring *KeyRing, allowedOrigins []string) http.Handler {
	return &corsHandler{
		allowed: slices.Clone(allowedOrigins),
		next:    converter.NewPayloadCodecHTTPHandler(ring.PayloadCodec()),
	}
}

// corsHandler lets the allowed browser origins call next with credentials.
type corsHandler struct {
	allowed []string
	next    http.Handler
}

func (h *corsHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("Vary", "Origin")
	origin := r.Header.Get("Origin")
	if origin != "" {
		if !slices.Contains(h.allowed, origin) {
			http.Error(w, "origin not allowed", http.StatusForbidden)
			return
		}
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Set("Access-Control-Allow-Credentials", "true")
	}
	if r.Method == http.MethodOptions {
		w.Header().Set("Access-Control-Allow-Methods", strings.Join([]string{http.MethodPost, http.MethodOptions}, ", "))
		w.Header().Set("Access-Control-Allow-Headers", corsAllowHeaders)
		w.Header().Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST, OPTIONS")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxRequestBytes)
	h.next.ServeHTTP(w, r)
}
