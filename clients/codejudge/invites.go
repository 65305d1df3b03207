package codejudge

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/cjlever/cjlever/clients/apiclient"
)

// Operation names, stable for errors and metrics.
const (
	opCreateInvite = "POST /invites"
	opGetInvite    = "GET /invites/:id"
	opListInvites  = "GET /invites"
	opCancelInvite = "POST /invites/:id/cancel"
	opRemindInvite = "POST /invites/:id/remind"
)

// ExternalSourceLever marks invites made for a Lever opportunity.
const ExternalSourceLever = "lever"

// MaxIdempotencyKeyLen is the longest Idempotency-Key Codejudge accepts.
const MaxIdempotencyKeyLen = 255

// ValidIdempotencyKey reports whether key is an Idempotency-Key Codejudge
// accepts: 1..255 printable ASCII characters.
func ValidIdempotencyKey(key string) bool {
	if key == "" || len(key) > MaxIdempotencyKeyLen {
		return false
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x20 || key[i] > 0x7e {
			return false
		}
	}
	return true
}

// CreateInviteRequest is the body of POST /v1/invites.
type CreateInviteRequest struct {
	TestID    string    `json:"testId"`
	Candidate Candidate `json:"candidate"`
	// ExternalID is the Lever opportunity id; ExternalSource defaults to
	// ExternalSourceLever.
	ExternalID     string `json:"externalId"`
	ExternalSource string `json:"externalSource"`
	// CallbackURL receives the signed invite.completed/invite.expired events.
	CallbackURL string `json:"callbackUrl"`
	// ValidForHours is the invite's lifetime; zero takes Codejudge's 168.
	ValidForHours int `json:"validForHours,omitempty"`
}

// InviteFilter narrows ListInvites; empty fields do not filter.
type InviteFilter struct {
	ExternalID string
	TestID     string
}

// CreateInvite invites a candidate to a test. idempotencyKey (see
// ValidIdempotencyKey) must be the same every time the same invite is meant: a repeat
// returns the invite the first call created, so the call is retried in-call on
// transient failures and is safe to retry from an activity.
//
// When the candidate already has an active invite to the test under another
// key, the error is an *AlreadyInvitedError carrying that invite.
func (c *Client) CreateInvite(ctx context.Context, idempotencyKey string, req CreateInviteRequest) (Invite, error) {
	if !ValidIdempotencyKey(idempotencyKey) {
		return Invite{}, &apiclient.Error{Service: Service, Op: opCreateInvite, Kind: apiclient.KindPermanent,
			Message: fmt.Sprintf("idempotency key must be 1..%d printable ASCII characters", MaxIdempotencyKeyLen)}
	}
	if req.ExternalSource == "" {
		req.ExternalSource = ExternalSourceLever
	}
	inv, err := do[Invite](ctx, c, apiclient.Call{
		Method:     http.MethodPost,
		Path:       "/invites",
		Op:         opCreateInvite,
		Header:     http.Header{"Idempotency-Key": {idempotencyKey}},
		Body:       req,
		Idempotent: true,
	})
	if err != nil {
		return Invite{}, asAlreadyInvited(err)
	}
	return inv, nil
}

// GetInvite reads one invite; it is the polling fallback for a lost callback.
func (c *Client) GetInvite(ctx context.Context, id string) (Invite, error) {
	if err := checkID(opGetInvite, "invite", id); err != nil {
		return Invite{}, err
	}
	return do[Invite](ctx, c, apiclient.Call{
		Method: http.MethodGet, Path: "/invites/" + id, Op: opGetInvite, Idempotent: true,
	})
}

// ListInvites lists the organisation's invites matching f, oldest first.
func (c *Client) ListInvites(ctx context.Context, f InviteFilter) ([]Invite, error) {
	q := url.Values{}
	if f.ExternalID != "" {
		q.Set("externalId", f.ExternalID)
	}
	if f.TestID != "" {
		q.Set("testId", f.TestID)
	}
	return do[[]Invite](ctx, c, apiclient.Call{
		Method: http.MethodGet, Path: "/invites", Op: opListInvites, Query: q, Idempotent: true,
	})
}

// CancelInvite cancels an invited or started invite. Cancelling a cancelled
// invite succeeds unchanged (so it is retried in-call); a completed or
// expired one is a KindConflict error with code "invite_finished".
func (c *Client) CancelInvite(ctx context.Context, id string) (Invite, error) {
	if err := checkID(opCancelInvite, "invite", id); err != nil {
		return Invite{}, err
	}
	return do[Invite](ctx, c, apiclient.Call{
		Method: http.MethodPost, Path: "/invites/" + id + "/cancel", Op: opCancelInvite, Idempotent: true,
	})
}

// RemindInvite asks Codejudge to email the candidate of an invited or started
// invite again. A repeat within an hour sends no second email (so it is
// retried in-call); a finished invite is a KindConflict error with code
// "invite_finished".
func (c *Client) RemindInvite(ctx context.Context, id string) (Invite, error) {
	if err := checkID(opRemindInvite, "invite", id); err != nil {
		return Invite{}, err
	}
	return do[Invite](ctx, c, apiclient.Call{
		Method: http.MethodPost, Path: "/invites/" + id + "/remind", Op: opRemindInvite, Idempotent: true,
	})
}
