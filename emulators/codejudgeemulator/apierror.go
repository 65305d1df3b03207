package codejudgeemulator

import (
	"fmt"
	"net/http"

	"github.com/cjlever/cjlever/clients/codejudge"
)

// apiError is a documented error answer (docs/codejudge-api.md §1.1).
type apiError struct {
	Status  int               `json:"-"`
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Invite  *codejudge.Invite `json:"invite,omitempty"` // 409 already_invited only
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

func (e *apiError) HTTPStatus() int { return e.Status }

func errInvalidRequest(format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: codejudge.CodeInvalidRequest, Message: fmt.Sprintf(format, args...)}
}

func errUnauthorized() *apiError {
	return &apiError{Status: http.StatusUnauthorized, Code: codejudge.CodeUnauthorized, Message: "missing or invalid API key"}
}

func errNotFound(format string, args ...any) *apiError {
	return &apiError{Status: http.StatusNotFound, Code: codejudge.CodeNotFound, Message: fmt.Sprintf(format, args...)}
}

func errValidation(format string, args ...any) *apiError {
	return &apiError{Status: http.StatusUnprocessableEntity, Code: codejudge.CodeValidationFailed, Message: fmt.Sprintf(format, args...)}
}

func errInviteFinished(inv codejudge.Invite) *apiError {
	return &apiError{Status: http.StatusConflict, Code: codejudge.CodeInviteFinished,
		Message: fmt.Sprintf("invite %s is %s", inv.ID, inv.Status)}
}

func errInternal(msg string) *apiError {
	return &apiError{Status: http.StatusInternalServerError, Code: "internal_error", Message: msg}
}

// errUnavailable is the 503 of a sandbox outage.
func errUnavailable() *apiError {
	return &apiError{Status: http.StatusServiceUnavailable, Code: "service_unavailable", Message: "Codejudge is down (sandbox outage)"}
}
