package emulatorhttp

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
)

// WriteData answers {"data": v}, the envelope of both APIs.
func WriteData(c *gin.Context, status int, v any) { c.JSON(status, gin.H{"data": v}) }

// MaxBody bounds request bodies: Codejudge's contract allows 1 MiB, and no
// Lever request this project sends comes near it.
const MaxBody = 1 << 20

// ReadJSONObject decodes a JSON object body of at most MaxBody bytes into v.
// Anything else is the error badRequest makes: the emulator's own 400.
func ReadJSONObject(c *gin.Context, v any, badRequest func(format string, args ...any) error) error {
	raw, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, MaxBody))
	if err != nil {
		return badRequest("request body too large or unreadable")
	}
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
		return badRequest("request body must be a JSON object")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return badRequest("malformed JSON: %v", err)
	}
	return nil
}
