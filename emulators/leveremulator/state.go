package leveremulator

import (
	"encoding/json"

	"github.com/cjlever/cjlever/emulators/internal/statefile"
)

// stateVersion guards the snapshot format: a file of another version is
// refused rather than half read.
const stateVersion = 1

// state is everything the emulator remembers; it is what the state file
// holds. Every record carries a Seq, its creation order, which orders lists
// and positions pagination tokens.
type state struct {
	Version int   `json:"version"`
	NextSeq int64 `json:"nextSeq"`
	// Stages are in pipeline order.
	Stages        []Stage                       `json:"stages"`
	Users         map[string]*userRecord        `json:"users"`
	Postings      map[string]*postingRecord     `json:"postings"`
	Opportunities map[string]*opportunityRecord `json:"opportunities"`
	Webhooks      map[string]*webhookRecord     `json:"webhooks"`
}

// Stage is a pipeline stage: {id, text} as Lever lists them.
type Stage struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

type userRecord struct {
	Seq        int64  `json:"seq"`
	ID         string `json:"id"`
	Name       string `json:"name"`
	Email      string `json:"email"`
	AccessRole string `json:"accessRole"`
	CreatedAt  int64  `json:"createdAt"`
}

type postingRecord struct {
	Seq        int64    `json:"seq"`
	ID         string   `json:"id"`
	Text       string   `json:"text"`
	State      string   `json:"state"`
	Tags       []string `json:"tags"`
	Team       string   `json:"team"`
	Location   string   `json:"location"`
	Commitment string   `json:"commitment"`
	Owner      string   `json:"owner"`
	CreatedAt  int64    `json:"createdAt"`
	UpdatedAt  int64    `json:"updatedAt"`
}

type opportunityRecord struct {
	Seq            int64               `json:"seq"`
	ID             string              `json:"id"`
	Contact        string              `json:"contact"`
	Name           string              `json:"name"`
	Headline       string              `json:"headline"`
	Emails         []string            `json:"emails"`
	Links          []string            `json:"links"`
	Tags           []string            `json:"tags"`
	Sources        []string            `json:"sources"`
	Origin         string              `json:"origin"`
	Owner          string              `json:"owner"`
	Stage          string              `json:"stage"`
	StageChanges   []stageChange       `json:"stageChanges"`
	Applications   []applicationRecord `json:"applications"`
	Archived       *archivedRecord     `json:"archived"`
	Notes          []*noteRecord       `json:"notes"`
	CreatedAt      int64               `json:"createdAt"`
	UpdatedAt      int64               `json:"updatedAt"`
	LastAdvancedAt int64               `json:"lastAdvancedAt"`
}

// stageChange is one entry of an opportunity's stageChanges, in Lever's shape.
type stageChange struct {
	ToStageID    string `json:"toStageId"`
	ToStageIndex int    `json:"toStageIndex"`
	UpdatedAt    int64  `json:"updatedAt"`
	UserID       string `json:"userId"`
}

type applicationRecord struct {
	ID        string `json:"id"`
	Type      string `json:"type"` // "posting"
	Posting   string `json:"posting"`
	User      string `json:"user"`
	CreatedAt int64  `json:"createdAt"`
}

// archivedRecord is an opportunity's archived field, in Lever's shape.
type archivedRecord struct {
	ArchivedAt int64  `json:"archivedAt"`
	Reason     string `json:"reason"`
}

type noteRecord struct {
	Seq       int64  `json:"seq"`
	ID        string `json:"id"`
	Value     string `json:"value"`
	User      string `json:"user"`
	Secret    bool   `json:"secret"`
	Score     int    `json:"score,omitempty"`
	ParentID  string `json:"parentId,omitempty"` // note_id: a threaded reply
	CreatedAt int64  `json:"createdAt"`
}

type webhookRecord struct {
	Seq            int64           `json:"seq"`
	ID             string          `json:"id"`
	URL            string          `json:"url"`
	Event          string          `json:"event"`
	SignatureToken string          `json:"signatureToken"`
	Conditions     json.RawMessage `json:"conditions,omitempty"`
	CreatedAt      int64           `json:"createdAt"`
}

func newState() *state {
	st := &state{Version: stateVersion}
	st.initMaps()
	return st
}

func (st *state) initMaps() {
	if st.Users == nil {
		st.Users = map[string]*userRecord{}
	}
	if st.Postings == nil {
		st.Postings = map[string]*postingRecord{}
	}
	if st.Opportunities == nil {
		st.Opportunities = map[string]*opportunityRecord{}
	}
	if st.Webhooks == nil {
		st.Webhooks = map[string]*webhookRecord{}
	}
}

// stageIndex is the stage's position in the pipeline, or -1.
func (st *state) stageIndex(id string) int {
	for i, s := range st.Stages {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// loadState reads the snapshot at path; no path or no file yet is an empty
// state. The file is written by statefile.Save and is private: it holds
// candidates' names and emails and webhook signature tokens.
func loadState(path string) (*state, error) {
	st := newState()
	if err := statefile.Load("lever emulator", path, stateVersion, st); err != nil {
		return nil, err
	}
	st.initMaps() // for a map the file says is null
	return st, nil
}
