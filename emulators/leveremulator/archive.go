package leveremulator

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/emulators/internal/emulatorhttp"
)

// archiveChangeData is candidateArchiveChange's data, in Lever's shape.
type archiveChangeData struct {
	OpportunityID string          `json:"opportunityId"`
	CandidateID   string          `json:"candidateId"`
	ContactID     string          `json:"contactId"`
	FromArchived  *archivedRecord `json:"fromArchived"`
	ToArchived    *archivedRecord `json:"toArchived"`
}

// handleArchive is PUT /opportunities/:id/archived {"reason": ...}: it
// archives the opportunity (a null or empty reason restores it) and sends
// candidateArchiveChange. Archiving an archived opportunity again changes
// nothing and sends nothing.
func (e *Emulator) handleArchive(c *gin.Context) {
	var req struct {
		Reason *string `json:"reason"`
	}
	if err := readJSONObject(c, &req); err != nil {
		writeError(c, err)
		return
	}
	var v opportunityView
	err := accountOf(c).write(func(tx *txn) error {
		o, err := opportunityOf(c, tx.st)
		if err != nil {
			return err
		}
		from := o.Archived
		var to *archivedRecord
		if req.Reason != nil && *req.Reason != "" {
			to = &archivedRecord{ArchivedAt: tx.nowMs, Reason: *req.Reason}
		}
		if (from == nil) != (to == nil) {
			o.Archived, o.UpdatedAt = to, tx.nowMs
			tx.changed = true
			tx.emit(lever.EventCandidateArchiveChange, archiveChangeData{
				OpportunityID: o.ID, CandidateID: o.ID, ContactID: o.Contact, FromArchived: from, ToArchived: to,
			})
		}
		v = viewOpportunity(tx.st, o, expansions{})
		return nil
	})
	if err != nil {
		writeError(c, err)
		return
	}
	emulatorhttp.WriteData(c, http.StatusOK, v)
}
