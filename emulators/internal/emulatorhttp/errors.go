package emulatorhttp

import (
	"errors"

	"github.com/gin-gonic/gin"
)

// APIError is an error answer in an emulator's API shape: it marshals to the
// body and knows its status.
type APIError interface {
	error
	HTTPStatus() int
}

// WriteError answers err if it is an E, the emulator's own error type, and
// internal (its 500) for anything else: a Go error's text is no answer.
func WriteError[E APIError](c *gin.Context, err error, internal E) {
	ae, ok := errors.AsType[E](err)
	if !ok {
		ae = internal
	}
	c.AbortWithStatusJSON(ae.HTTPStatus(), ae)
}
