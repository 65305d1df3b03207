package lever

import (
	"context"
	"net/http"

	"github.com/cjlever/cjlever/clients/apiclient"
)

const (
	opAddNote   = "POST /opportunities/:id/notes"
	opListNotes = "GET /opportunities/:id/notes"
)

// AddNote adds a note to an opportunity as performAs and returns the note's
// id. It is not retried in-call: a repeat would add the note twice (callers
// that retry should first look for the note with ListNotes).
//
// The id is empty when Lever's answer carried none: the note exists, and an
// error would only invite a duplicate.
func (c *Client) AddNote(ctx context.Context, opportunityID, value, performAs string) (string, error) {
	eid, err := escapeID(opAddNote, opportunityID)
	if err != nil {
		return "", err
	}
	// Lever answers {"data": {"noteId": ...}}; some accounts answer with the
	// whole note, {"data": {"id": ...}}.
	created, err := get[struct {
		NoteID string `json:"noteId"`
		ID     string `json:"id"`
	}](ctx, c, apiclient.Call{
		Method: http.MethodPost, Path: "/opportunities/" + eid + "/notes", Op: opAddNote,
		Query: performAsQuery(performAs), Body: map[string]string{"value": value},
	})
	if err != nil {
		return "", err
	}
	if created.NoteID != "" {
		return created.NoteID, nil
	}
	return created.ID, nil
}

// ListNotes lists an opportunity's notes, following pages.
func (c *Client) ListNotes(ctx context.Context, opportunityID string) ([]Note, error) {
	eid, err := escapeID(opListNotes, opportunityID)
	if err != nil {
		return nil, err
	}
	return listAll[Note](ctx, c, apiclient.Call{
		Method: http.MethodGet, Path: "/opportunities/" + eid + "/notes", Op: opListNotes, Idempotent: true,
	})
}
