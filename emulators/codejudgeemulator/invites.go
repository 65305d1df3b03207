package codejudgeemulator

import (
	"fmt"
	"net/http"
	"net/mail"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cjlever/cjlever/clients/codejudge"
)

const (
	// idempotencyWindow is how long a key stays bound to its invite.
	idempotencyWindow = 30 * 24 * time.Hour
	defaultValidHours = 168
	maxValidHours     = 720
)

// createInvite implements POST /v1/invites, with its checks in the order the
// contract gives (§3.1). replay reports an answer from an earlier request
// with the same key.
func (e *Emulator) createInvite(org Organisation, key string, req codejudge.CreateInviteRequest) (inv codejudge.Invite, replay bool, err error) {
	req = normaliseCreate(req)
	err = e.inTxn(func(tx *txn) error {
		if b, ok := tx.st.Keys[org.ID][key]; ok {
			rec := tx.st.Invites[b.InviteID]
			if tx.now.Sub(b.CreatedAt) < idempotencyWindow && rec != nil {
				if b.Request != req {
					return &apiError{Status: http.StatusUnprocessableEntity, Code: codejudge.CodeIdempotencyKeyReused,
						Message: "this Idempotency-Key was used with a different request"}
				}
				inv, replay = rec.Invite, true
				return nil
			}
			delete(tx.st.Keys[org.ID], key) // expired: the key is free again
			tx.changed = true
		}
		if err := validateCreate(req); err != nil {
			return err
		}
		test, ok := e.tests[req.TestID]
		if !ok {
			return errNotFound("test %s not found", req.TestID)
		}
		if existing := activeInvite(tx.st, org.ID, test.ID, req.Candidate.Email); existing != nil {
			found := existing.Invite
			return &apiError{Status: http.StatusConflict, Code: codejudge.CodeAlreadyInvited,
				Message: fmt.Sprintf("candidate already invited to %s", test.ID), Invite: &found}
		}
		rec := e.newInvite(tx, org, test, req)
		if tx.st.Keys[org.ID] == nil {
			tx.st.Keys[org.ID] = map[string]keyBinding{}
		}
		tx.st.Keys[org.ID][key] = keyBinding{InviteID: rec.Invite.ID, Request: req, CreatedAt: tx.now}
		inv = rec.Invite
		return nil
	})
	return inv, replay, err
}

// normaliseCreate applies what the contract says does not tell two requests
// apart: the case of testId and an omitted validForHours.
func normaliseCreate(req codejudge.CreateInviteRequest) codejudge.CreateInviteRequest {
	req.TestID = canonicalTestID(req.TestID)
	if req.ValidForHours == 0 {
		req.ValidForHours = defaultValidHours
	}
	return req
}

func validateCreate(req codejudge.CreateInviteRequest) error {
	switch {
	case req.TestID == "":
		return errValidation("testId is required")
	case req.Candidate.Name == "" || utf8.RuneCountInString(req.Candidate.Name) > 200:
		return errValidation("candidate.name must be 1..200 characters")
	case !bareEmail(req.Candidate.Email):
		return errValidation("candidate.email is not a valid email address")
	case req.ExternalID == "" || len(req.ExternalID) > 255:
		return errValidation("externalId must be 1..255 characters")
	case req.ExternalSource != codejudge.ExternalSourceLever:
		return errValidation("externalSource must be %q", codejudge.ExternalSourceLever)
	case !absoluteHTTPURL(req.CallbackURL):
		return errValidation("callbackUrl must be an absolute http(s) URL")
	case req.ValidForHours < 1 || req.ValidForHours > maxValidHours:
		return errValidation("validForHours must be 1..%d", maxValidHours)
	}
	return nil
}

// bareEmail accepts "ada@example.com" and refuses display names, comments and
// surrounding spaces.
func bareEmail(s string) bool {
	addr, err := mail.ParseAddress(s)
	return err == nil && addr.Name == "" && addr.Address == s
}

// absoluteHTTPURL: production demands https; the sandbox also takes http so
// that a local gateway can receive callbacks.
func absoluteHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// activeInvite finds the organisation's active invite of that candidate
// (email compared case-insensitively) to that test.
func activeInvite(st *state, orgID, testID, email string) *inviteRecord {
	for _, rec := range st.Invites {
		if rec.Org == orgID && rec.Invite.TestID == testID && rec.Invite.Status.Active() &&
			strings.EqualFold(rec.Invite.Candidate.Email, email) {
			return rec
		}
	}
	return nil
}

func (e *Emulator) newInvite(tx *txn, org Organisation, test codejudge.Test, req codejudge.CreateInviteRequest) *inviteRecord {
	id := newID("inv_")
	tx.st.NextSeq++
	rec := &inviteRecord{
		Org:         org.ID,
		Seq:         tx.st.NextSeq,
		CallbackURL: req.CallbackURL,
		Invite: codejudge.Invite{
			ID:             id,
			TestID:         test.ID,
			TestName:       test.Name,
			Status:         codejudge.StatusInvited,
			ExternalID:     req.ExternalID,
			ExternalSource: req.ExternalSource,
			Candidate:      req.Candidate,
			TestURL:        e.publicURL + "/take/" + id,
			InvitedAt:      tx.now,
			ExpiresAt:      tx.now.Add(time.Duration(req.ValidForHours) * time.Hour),
		},
	}
	tx.st.Invites[id] = rec
	tx.changed = true
	e.log.Info("codejudge emulator: invite created", "invite", rec.Invite, "org", org.ID)
	return rec
}

// lookup finds an invite of the organisation; orgID "" matches any (the
// report and take pages, which carry no API key). Another organisation's
// invite is not found.
func lookup(st *state, orgID, id string) (*inviteRecord, error) {
	rec, ok := st.Invites[id]
	if !ok || (orgID != "" && rec.Org != orgID) {
		return nil, errNotFound("invite %s not found", id)
	}
	return rec, nil
}

func (e *Emulator) getInvite(orgID, id string) (inv codejudge.Invite, err error) {
	err = e.inTxn(func(tx *txn) error {
		rec, err := lookup(tx.st, orgID, id)
		if err == nil {
			inv = rec.Invite
		}
		return err
	})
	return inv, err
}

// listInvites returns the organisation's invites matching the non-empty
// filters, oldest first.
func (e *Emulator) listInvites(orgID, externalID, testID string) (list []codejudge.Invite, err error) {
	testID = canonicalTestID(testID)
	err = e.inTxn(func(tx *txn) error {
		var recs []*inviteRecord
		for _, rec := range tx.st.Invites {
			if rec.Org == orgID && (externalID == "" || rec.Invite.ExternalID == externalID) &&
				(testID == "" || rec.Invite.TestID == testID) {
				recs = append(recs, rec)
			}
		}
		sort.Slice(recs, func(i, j int) bool { return recs[i].Seq < recs[j].Seq })
		list = make([]codejudge.Invite, 0, len(recs))
		for _, rec := range recs {
			list = append(list, rec.Invite)
		}
		return nil
	})
	return list, err
}

// cancelInvite cancels an unfinished invite; a cancelled one stays as it is so
// that the call can be retried.
func (e *Emulator) cancelInvite(orgID, id string) (inv codejudge.Invite, err error) {
	err = e.inTxn(func(tx *txn) error {
		rec, err := lookup(tx.st, orgID, id)
		if err != nil {
			return err
		}
		switch rec.Invite.Status {
		case codejudge.StatusInvited, codejudge.StatusStarted:
			rec.Invite.Status = codejudge.StatusCancelled
			tx.changed = true
		case codejudge.StatusCancelled:
		default:
			return errInviteFinished(rec.Invite)
		}
		inv = rec.Invite
		return nil
	})
	return inv, err
}
