package leveremulator

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/emulators/internal/emulatorhttp"
)

// defaultStageID is where Lever puts a new opportunity that names no stage.
const defaultStageID = "applicant-new"

// origins Lever accepts for a new opportunity.
var origins = []string{"agency", "applied", "internal", "referred", "sourced", "university"}

// opportunityOf finds the path's opportunity or answers 404.
func opportunityOf(c *gin.Context, st *state) (*opportunityRecord, error) {
	o := st.Opportunities[c.Param("id")]
	if o == nil {
		return nil, errNotFound("Opportunity %s not found", c.Param("id"))
	}
	return o, nil
}

func (e *Emulator) handleGetOpportunity(c *gin.Context) {
	var v opportunityView
	err := accountOf(c).read(func(st *state) error {
		o, err := opportunityOf(c, st)
		if err != nil {
			return err
		}
		v = viewOpportunity(st, o, parseExpand(c.QueryArray("expand")))
		return nil
	})
	if err != nil {
		writeError(c, err)
		return
	}
	emulatorhttp.WriteData(c, http.StatusOK, v)
}

// handleListOpportunities filters by stage_id, tag, posting_id (each may
// repeat: any value matches) and archived.
func (e *Emulator) handleListOpportunities(c *gin.Context) {
	var archived *bool
	switch c.Query("archived") {
	case "":
	case "true":
		archived = new(true)
	case "false":
		archived = new(false)
	default:
		writeError(c, errBadRequest("archived must be true or false"))
		return
	}
	stages, tags, postings := c.QueryArray("stage_id"), c.QueryArray("tag"), c.QueryArray("posting_id")
	x := parseExpand(c.QueryArray("expand"))

	writeList(c, func(st *state) ([]*opportunityRecord, error) {
		var matches []*opportunityRecord
		for _, o := range st.Opportunities {
			if (len(stages) == 0 || slices.Contains(stages, o.Stage)) &&
				(len(tags) == 0 || slices.ContainsFunc(o.Tags, func(t string) bool { return slices.Contains(tags, t) })) &&
				(len(postings) == 0 || slices.ContainsFunc(o.Applications, func(a applicationRecord) bool { return slices.Contains(postings, a.Posting) })) &&
				(archived == nil || *archived == (o.Archived != nil)) {
				matches = append(matches, o)
			}
		}
		slices.SortFunc(matches, func(a, b *opportunityRecord) int { return cmp.Compare(a.Seq, b.Seq) })
		return matches, nil
	}, func(o *opportunityRecord) (int64, string) { return o.Seq, o.ID },
		func(st *state, o *opportunityRecord) opportunityView { return viewOpportunity(st, o, x) })
}

// createOpportunityRequest is the body of POST /opportunities.
type createOpportunityRequest struct {
	Name     string   `json:"name"`
	Headline string   `json:"headline"`
	Emails   []string `json:"emails"`
	Links    []string `json:"links"`
	Tags     []string `json:"tags"`
	Sources  []string `json:"sources"`
	Origin   string   `json:"origin"`
	Owner    string   `json:"owner"`
	Postings []string `json:"postings"`
	Stage    string   `json:"stage"`
}

// handleCreateOpportunity creates an opportunity with one application per
// posting, and sends applicationCreated to the webhooks.
func (e *Emulator) handleCreateOpportunity(c *gin.Context) {
	var req createOpportunityRequest
	if err := readJSONObject(c, &req); err != nil {
		writeError(c, err)
		return
	}
	if req.Origin != "" && !slices.Contains(origins, req.Origin) {
		writeError(c, errBadRequest("origin must be one of %s", strings.Join(origins, ", ")))
		return
	}
	var v opportunityView
	err := accountOf(c).write(func(tx *txn) error {
		user, err := performAs(c, tx.st, true)
		if err != nil {
			return err
		}
		o, err := newOpportunity(tx, req, user)
		if err != nil {
			return err
		}
		tx.st.Opportunities[o.ID] = o
		tx.changed = true
		for _, a := range o.Applications {
			tx.emit(lever.EventApplicationCreated, lever.ApplicationCreatedData{
				OpportunityID: o.ID, CandidateID: o.ID, ContactID: o.Contact, ApplicationID: a.ID, PostingID: a.Posting,
			})
		}
		v = viewOpportunity(tx.st, o, expansions{})
		return nil
	})
	if err != nil {
		writeError(c, err)
		return
	}
	emulatorhttp.WriteData(c, http.StatusCreated, v)
}

// newOpportunity builds the opportunity req asks for, created by user, after
// checking the owner, postings and stage it names. As in Lever, it inherits
// its postings' tags.
func newOpportunity(tx *txn, req createOpportunityRequest, user string) (*opportunityRecord, error) {
	st := tx.st
	if req.Owner != "" && st.Users[req.Owner] == nil {
		return nil, errBadRequest("owner %q is not a user of this account", req.Owner)
	}
	tags := addValues(nil, req.Tags)
	for _, id := range req.Postings {
		p := st.Postings[id]
		if p == nil {
			return nil, errBadRequest("Posting %s not found", id)
		}
		tags = addValues(tags, p.Tags)
	}
	stage, err := initialStage(st, req.Stage)
	if err != nil {
		return nil, err
	}
	o := &opportunityRecord{
		Seq: tx.nextSeq(), ID: newID(), Contact: newID(),
		Name: req.Name, Headline: req.Headline,
		Emails: addValues(nil, req.Emails), Links: addValues(nil, req.Links), Tags: tags,
		Sources: addValues(nil, req.Sources), Origin: cmp.Or(req.Origin, originFor(req.Postings)),
		Owner: cmp.Or(req.Owner, user), Stage: stage,
		CreatedAt: tx.nowMs, UpdatedAt: tx.nowMs, LastAdvancedAt: tx.nowMs,
	}
	if stage != "" {
		o.StageChanges = []stageChange{{ToStageID: stage, ToStageIndex: st.stageIndex(stage), UpdatedAt: tx.nowMs, UserID: user}}
	}
	for _, postingID := range addValues(nil, req.Postings) {
		o.Applications = append(o.Applications, applicationRecord{
			ID: newID(), Type: "posting", Posting: postingID, User: user, CreatedAt: tx.nowMs,
		})
	}
	return o, nil
}

// initialStage is the stage a new opportunity starts in: the one requested,
// which must exist, or defaultStage.
func initialStage(st *state, requested string) (string, error) {
	if requested == "" {
		return defaultStage(st), nil
	}
	if st.stageIndex(requested) < 0 {
		return "", errBadRequest("Stage %s not found", requested)
	}
	return requested, nil
}

// defaultStage is "applicant-new" when the pipeline has it, else its first
// stage; "" when there are no stages (an unseeded emulator).
func defaultStage(st *state) string {
	switch {
	case st.stageIndex(defaultStageID) >= 0:
		return defaultStageID
	case len(st.Stages) > 0:
		return st.Stages[0].ID
	}
	return ""
}

// originFor is Lever's origin for an opportunity made through the API:
// "applied" when it applies to a posting, else "sourced".
func originFor(postings []string) string {
	if len(postings) > 0 {
		return "applied"
	}
	return "sourced"
}

// handleMoveStage is PUT /opportunities/:id/stage. A move records a stage
// change and sends candidateStageChange; a "move" to the current stage
// changes nothing and sends nothing.
func (e *Emulator) handleMoveStage(c *gin.Context) {
	var req struct {
		Stage *string `json:"stage"`
	}
	if err := readJSONObject(c, &req); err != nil {
		writeError(c, err)
		return
	}
	if req.Stage == nil || *req.Stage == "" {
		writeError(c, errBadRequest("stage is required"))
		return
	}
	var v opportunityView
	err := accountOf(c).write(func(tx *txn) error {
		st := tx.st
		o, err := opportunityOf(c, st)
		if err != nil {
			return err
		}
		user, err := performAs(c, st, false)
		if err != nil {
			return err
		}
		to := *req.Stage
		index := st.stageIndex(to)
		if index < 0 {
			return errBadRequest("Stage %s not found", to)
		}
		if from := o.Stage; from != to {
			o.Stage = to
			o.StageChanges = append(o.StageChanges, stageChange{ToStageID: to, ToStageIndex: index, UpdatedAt: tx.nowMs, UserID: user})
			o.UpdatedAt, o.LastAdvancedAt = tx.nowMs, tx.nowMs
			tx.changed = true
			tx.emit(lever.EventCandidateStageChange, lever.StageChangeData{
				OpportunityID: o.ID, CandidateID: o.ID, ContactID: o.Contact, FromStageID: from, ToStageID: to,
			})
		}
		v = viewOpportunity(st, o, expansions{})
		return nil
	})
	if err != nil {
		writeError(c, err)
		return
	}
	emulatorhttp.WriteData(c, http.StatusOK, v)
}

// tagsOf and linksOf select the list an update endpoint changes.
func tagsOf(o *opportunityRecord) *[]string  { return &o.Tags }
func linksOf(o *opportunityRecord) *[]string { return &o.Links }

// handleUpdateList serves addTags, removeTags, addLinks and removeLinks: body
// {field: [...]}, applied with update to the list listOf selects.
func (e *Emulator) handleUpdateList(field string, listOf func(*opportunityRecord) *[]string, update func(list, values []string) []string) gin.HandlerFunc {
	return func(c *gin.Context) {
		var body map[string]json.RawMessage
		if err := readJSONObject(c, &body); err != nil {
			writeError(c, err)
			return
		}
		var values []string
		if raw, ok := body[field]; !ok || json.Unmarshal(raw, &values) != nil || values == nil {
			writeError(c, errBadRequest("%s is required: an array of strings", field))
			return
		}
		var v opportunityView
		err := accountOf(c).write(func(tx *txn) error {
			o, err := opportunityOf(c, tx.st)
			if err != nil {
				return err
			}
			if _, err := performAs(c, tx.st, false); err != nil {
				return err
			}
			list := listOf(o)
			if updated := update(*list, values); !slices.Equal(updated, *list) {
				*list = updated
				o.UpdatedAt = tx.nowMs
				tx.changed = true
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
}

// addValues returns list with each non-empty value it lacks appended, in
// order. It never modifies list's backing array: views may share it.
func addValues(list, values []string) []string {
	out := slices.Clip(list)
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// removeValues returns a copy of list without values.
func removeValues(list, values []string) []string {
	out := make([]string, 0, len(list))
	for _, v := range list {
		if !slices.ContainsFunc(values, func(r string) bool { return strings.TrimSpace(r) == v }) {
			out = append(out, v)
		}
	}
	return out
}
