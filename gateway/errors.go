package gateway

import (
	"errors"

	"github.com/gin-gonic/gin"
)

// Errors a Workflows implementation returns. Handlers map them to HTTP
// statuses that make the sender do the right thing: a 503 makes Lever and
// Codejudge retry, a 404 tells Codejudge nobody waits for that invite.
var (
	// ErrTemporalUnavailable means the request could not be durably recorded
	// in Temporal (it may or may not have been): the sender must retry, and the
	// deterministic workflow id turns a retry of a recorded start into a
	// duplicate.
	ErrTemporalUnavailable = errors.New("temporal unavailable")
	// ErrUnknownInvite means no TestInvitation workflow is running for the
	// invite a callback names.
	ErrUnknownInvite = errors.New("no test invitation is waiting for this invite")
	// ErrInviteDone means the invite's TestInvitation workflow has closed: the
	// callback came after the result was handled (or the wait ended).
	ErrInviteDone = errors.New("the test invitation has already finished")
)

// errorBody is the JSON body of every error response, so clients and people
// reading delivery logs in Lever see one shape.
type errorBody struct {
	Error string `json:"error"`
}

// abortWithError answers status with {"error": msg} and stops the chain.
func abortWithError(c *gin.Context, status int, msg string) {
	c.AbortWithStatusJSON(status, errorBody{Error: msg})
}
