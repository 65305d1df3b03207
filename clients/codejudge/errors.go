package codejudge

import (
	"encoding/json"
	"fmt"

	"github.com/cjlever/cjlever/clients/apiclient"
)

// Error codes of docs/codejudge-api.md §1.1 that callers branch on.
const (
	CodeInvalidRequest       = "invalid_request"
	CodeUnauthorized         = "unauthorized"
	CodeForbidden            = "forbidden"
	CodeNotFound             = "not_found"
	CodeAlreadyInvited       = "already_invited"
	CodeInviteFinished       = "invite_finished"
	CodeValidationFailed     = "validation_failed"
	CodeIdempotencyKeyReused = "idempotency_key_reused"
	CodeRateLimited          = "rate_limited"
)

// AlreadyInvitedError is CreateInvite's 409 already_invited: the candidate
// already has an active invite to the test, made under another idempotency
// key. Existing is that invite, so the caller can adopt it instead of failing;
// its ID is empty only if Codejudge left it out of the answer.
type AlreadyInvitedError struct {
	Existing Invite
	// Err is the underlying *apiclient.Error (Kind KindConflict).
	Err *apiclient.Error
}

func (e *AlreadyInvitedError) Error() string {
	return fmt.Sprintf("codejudge: candidate already invited to %s (invite %q, %s)",
		e.Existing.TestID, e.Existing.ID, e.Existing.Status)
}

// Unwrap exposes the *apiclient.Error, so apiclient.As and Kind still work.
func (e *AlreadyInvitedError) Unwrap() error { return e.Err }

// asAlreadyInvited turns a 409 already_invited into an *AlreadyInvitedError,
// decoding the existing invite from the error body; other errors pass as is.
func asAlreadyInvited(err error) error {
	apiErr, ok := apiclient.As(err)
	if !ok || apiErr.Kind != apiclient.KindConflict || apiErr.Code != CodeAlreadyInvited {
		return err
	}
	var body struct {
		Invite Invite `json:"invite"`
	}
	// A body we cannot decode still means "already invited": Existing is
	// then left empty, as AlreadyInvitedError says.
	_ = json.Unmarshal(apiErr.Body, &body)
	return &AlreadyInvitedError{Existing: body.Invite, Err: apiErr}
}
