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
	// A stage's pipeline position stands in for its seq.
	type positioned struct {
		pos   int
		stage Stage
	}
	writeList(c, func(st *state) ([]positioned, error) {
		out := make([]positioned, len(st.Stages))
		for i, s := range st.Stages {
			out[i] = positioned{i, s}
		}
		return out, nil
	}, func(p positioned) (int64, string) { return int64(p.pos), p.stage.ID },
		func(_ *state, p positioned) Stage { return p.stage })
}

func (e *Emulator) handleListPostings(c *gin.Context) {
	writeList(c, func(st *state) ([]*postingRecord, error) {
		return sortedBySeq(st.Postings, func(r *postingRecord) int64 { return r.Seq }), nil
	}, func(r *postingRecord) (int64, string) { return r.Seq, r.ID },
		func(_ *state, r *postingRecord) postingView { return viewPosting(r) })
}

func (e *Emulator) handleGetPosting(c *gin.Context) {
	var v postingView
	err := accountOf(c).read(func(st *state) error {
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
	writeList(c, func(st *state) ([]*userRecord, error) {
		return sortedBySeq(st.Users, func(r *userRecord) int64 { return r.Seq }), nil
	}, func(r *userRecord) (int64, string) { return r.Seq, r.ID },
		func(_ *state, r *userRecord) userView { return viewUser(r) })
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
