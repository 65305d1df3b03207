package gateway

import (
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/config"
)

// receive finds the connection a webhook is for and reads its body, the first
// steps of every webhook. ok=false comes with the refusal to answer.
// A disabled connection is as unknown as one that never was; a connection
// that could not be read is a 503, so the sender retries.
func (rt *router) receive(c *gin.Context) (conn config.Connection, body []byte, refusal outcome, ok bool) {
	conn, err := rt.conns.Get(c.Request.Context(), c.Param("connection"))
	if errors.Is(err, config.ErrUnknownConnection) || (err == nil && conn.Disabled) {
		return conn, nil, refused(http.StatusNotFound, reasonUnknownConnection, "unknown connection"), false
	}
	if err != nil {
		return conn, nil, failed(http.StatusServiceUnavailable, reasonUnavailable, "could not read the connection; retry later", err), false
	}
	body, refusal, ok = readBody(c, rt.maxBody)
	return conn, body, refusal, ok
}

// readBody reads the whole request body, at most limit bytes: a larger one
// is refused 413 unread. Both webhook senders sign what they send, so their
// handlers need the raw bytes.
func readBody(c *gin.Context, limit int64) ([]byte, outcome, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, limit))
	if err == nil {
		return body, outcome{}, true
	}
	if _, tooLarge := errors.AsType[*http.MaxBytesError](err); tooLarge {
		return nil, refused(http.StatusRequestEntityTooLarge, reasonTooLarge, "request body too large"), false
	}
	return nil, refused(http.StatusBadRequest, reasonUnreadable, "could not read the request body"), false
}
