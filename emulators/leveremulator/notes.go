package leveremulator

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/emulators/internal/emulatorhttp"
)

// addNoteRequest is the body of POST /opportunities/:id/notes.
type addNoteRequest struct {
	Value           *string `json:"value"`
	Secret          bool    `json:"secret"`
	Score           *int    `json:"score"`
	NotifyFollowers bool    `json:"notifyFollowers"`
	CreatedAt       *int64  `json:"createdAt"`
}

// handleAddNote adds a note and answers 201 {"data": {"noteId": ...}}.
// ?note_id makes it a reply to another note of the opportunity.
func (e *Emulator) handleAddNote(c *gin.Context) {
	var req addNoteRequest
	if err := readJSONObject(c, &req); err != nil {
		writeError(c, err)
		return
	}
	if req.Value == nil || strings.TrimSpace(*req.Value) == "" {
		writeError(c, errBadRequest("value is required"))
		return
	}
	if req.Score != nil && (*req.Score < 1 || *req.Score > 4) {
		writeError(c, errBadRequest("score must be from 1 to 4"))
		return
	}
	var noteID string
	err := accountOf(c).write(func(tx *txn) error {
		o, err := opportunityOf(c, tx.st)
		if err != nil {
			return err
		}
		user, err := performAs(c, tx.st, false)
		if err != nil {
			return err
		}
		parent := c.Query("note_id")
		if parent != "" && !slices.ContainsFunc(o.Notes, func(n *noteRecord) bool { return n.ID == parent }) {
			return errBadRequest("note_id %s is not a note of this opportunity", parent)
		}
		n := &noteRecord{
			Seq: tx.nextSeq(), ID: newID(), Value: *req.Value, User: user, Secret: req.Secret,
			ParentID: parent, CreatedAt: tx.nowMs,
		}
		if req.Score != nil {
			n.Score = *req.Score
		}
		if req.CreatedAt != nil {
			n.CreatedAt = *req.CreatedAt // Lever lets imports backdate notes
		}
		o.Notes = append(o.Notes, n)
		tx.changed = true
		noteID = n.ID
		return nil
	})
	if err != nil {
		writeError(c, err)
		return
	}
	emulatorhttp.WriteData(c, http.StatusCreated, gin.H{"noteId": noteID})
}

// handleListNotes lists an opportunity's notes, oldest first.
func (e *Emulator) handleListNotes(c *gin.Context) {
	writeList(c, func(st *state) ([]*noteRecord, error) {
		o, err := opportunityOf(c, st)
		if err != nil {
			return nil, err
		}
		return o.Notes, nil
	}, func(n *noteRecord) (int64, string) { return n.Seq, n.ID },
		func(_ *state, n *noteRecord) noteView { return viewNote(n) })
}
