package leveremulator

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/emulators/internal/emulatorhttp"
)

// The account's catalogue: stages, postings and users. The API only reads it;
// SeedSandbox fills it.

func (e *Emulator) handleListStages(c *gin.Context) {
	var p page
	err := e.read(func(st *state) error {
		// A stage's pipeline position stands in for its seq.
		positions := make([]int, len(st.Stages))
		for i := range positions {
			positions[i] = i
		}
		items, next, err := paginate(c, positions, func(i int) (int64, string) { return int64(i), st.Stages[i].ID })
		if err != nil {
			return err
		}
		views := make([]Stage, len(items))
		for i, pos := range items {
			views[i] = st.Stages[pos]
		}
		p = listPage(views, next)
		return nil
	})
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

func (e *Emulator) handleListPostings(c *gin.Context) {
	var p page
	err := e.read(func(st *state) error {
		all := sortedBySeq(st.Postings, func(r *postingRecord) int64 { return r.Seq })
		items, next, err := paginate(c, all, func(r *postingRecord) (int64, string) { return r.Seq, r.ID })
		if err != nil {
			return err
		}
		views := make([]postingView, len(items))
		for i, r := range items {
			views[i] = viewPosting(r)
		}
		p = listPage(views, next)
		return nil
	})
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

func (e *Emulator) handleGetPosting(c *gin.Context) {
	var v postingView
	err := e.read(func(st *state) error {
		r := st.Postings[c.Param("id")]
		if r == nil {
			return errNotFound("Posting %s not found", c.Param("id"))
		}
		v = viewPosting(r)
		return nil
	})
	if err != nil {
		writeError(c, err)
		return
	}
	emulatorhttp.WriteData(c, http.StatusOK, v)
}

func (e *Emulator) handleListUsers(c *gin.Context) {
	var p page
	err := e.read(func(st *state) error {
		all := sortedBySeq(st.Users, func(r *userRecord) int64 { return r.Seq })
		items, next, err := paginate(c, all, func(r *userRecord) (int64, string) { return r.Seq, r.ID })
		if err != nil {
			return err
		}
		views := make([]userView, len(items))
		for i, r := range items {
			views[i] = viewUser(r)
		}
		p = listPage(views, next)
		return nil
	})
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

// sortedBySeq returns a map's records in creation order.
func sortedBySeq[R any](m map[string]R, seq func(R) int64) []R {
	out := make([]R, 0, len(m))
	for _, r := range m {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b R) int { return cmp.Compare(seq(a), seq(b)) })
	return out
}
