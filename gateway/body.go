package gateway

import (
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
)

// readBody reads the whole request body, at most rt.maxBody bytes. Both
// senders sign what they send, so the handlers need the raw bytes. On failure
// it has already answered (413 over the limit, 400 otherwise) and returns the
// reason for the outcome log.
func (rt *router) readBody(c *gin.Context) (body []byte, reason string, ok bool) {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, rt.maxBody))
	if err != nil {
		if _, tooLarge := errors.AsType[*http.MaxBytesError](err); tooLarge {
			abortWithError(c, http.StatusRequestEntityTooLarge, "request body too large")
			return nil, "too_large", false
		}
		abortWithError(c, http.StatusBadRequest, "could not read the request body")
		return nil, "unreadable", false
	}
	return body, "", true
}
