package leveremulator

import (
	"fmt"
	"net/http"
)

// apiError is an error answer in Lever's shape: {"code": ..., "message": ...}.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

func (e *apiError) HTTPStatus() int { return e.Status }

func errBadRequest(format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: "BadRequestError", Message: fmt.Sprintf(format, args...)}
}

func errUnauthorized(msg string) *apiError {
	return &apiError{Status: http.StatusUnauthorized, Code: "UnauthorizedError", Message: msg}
}

func errNotFound(format string, args ...any) *apiError {
	return &apiError{Status: http.StatusNotFound, Code: "ResourceNotFound", Message: fmt.Sprintf(format, args...)}
}

func errInternal(msg string) *apiError {
	return &apiError{Status: http.StatusInternalServerError, Code: "InternalServerError", Message: msg}
}

// errUnavailable is the 503 of a sandbox outage.
func errUnavailable() *apiError {
	return &apiError{Status: http.StatusServiceUnavailable, Code: "ServiceUnavailable", Message: "Lever is down (sandbox outage)"}
}
