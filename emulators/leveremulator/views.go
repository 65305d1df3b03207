package leveremulator

// The JSON the API answers with, in Lever's shapes. Views are built under the
// lock and own their slices, so they can be encoded after it is released.

import (
	"encoding/json"
	"slices"
)

// expansions are the expand query values that inline related objects.
type expansions struct{ applications, stage bool }

func parseExpand(values []string) expansions {
	var x expansions
	for _, v := range values {
		switch v {
		case "applications":
			x.applications = true
		case "stage":
			x.stage = true
		}
		// Lever expands more (owner, followers, contact, ...): the
		// emulator leaves those as ids.
	}
	return x
}

type opportunityView struct {
	ID                string          `json:"id"`
	Name              string          `json:"name"`
	Headline          string          `json:"headline"`
	Contact           string          `json:"contact"`
	Emails            []string        `json:"emails"`
	Phones            []any           `json:"phones"`
	Confidentiality   string          `json:"confidentiality"`
	Location          string          `json:"location"`
	Links             []string        `json:"links"`
	Archived          *archivedRecord `json:"archived"`
	CreatedAt         int64           `json:"createdAt"`
	UpdatedAt         int64           `json:"updatedAt"`
	LastInteractionAt int64           `json:"lastInteractionAt"`
	LastAdvancedAt    int64           `json:"lastAdvancedAt"`
	SnoozedUntil      *int64          `json:"snoozedUntil"`
	Stage             any             `json:"stage"` // id, or Stage when expanded
	StageChanges      []stageChange   `json:"stageChanges"`
	Owner             string          `json:"owner"`
	Tags              []string        `json:"tags"`
	Sources           []string        `json:"sources"`
	Origin            string          `json:"origin"`
	Applications      []any           `json:"applications"` // ids, or applicationViews when expanded
	Followers         []string        `json:"followers"`
	URLs              urls            `json:"urls"`
	IsAnonymized      bool            `json:"isAnonymized"`
	DataProtection    any             `json:"dataProtection"`
}

type urls struct {
	List string `json:"list"`
	Show string `json:"show"`
}

// applicationView is an expanded application.
type applicationView struct {
	ID            string          `json:"id"`
	OpportunityID string          `json:"opportunityId"`
	CandidateID   string          `json:"candidateId"`
	CreatedAt     int64           `json:"createdAt"`
	Type          string          `json:"type"`
	Posting       string          `json:"posting"`
	User          string          `json:"user"`
	Name          string          `json:"name"`
	Email         string          `json:"email"`
	Links         []string        `json:"links"`
	Archived      *archivedRecord `json:"archived"`
}

func viewOpportunity(st *state, o *opportunityRecord, x expansions) opportunityView {
	v := opportunityView{
		ID: o.ID, Name: o.Name, Headline: o.Headline, Contact: o.Contact,
		Emails: cloneStrings(o.Emails), Phones: []any{}, Confidentiality: "non-confidential",
		Links: cloneStrings(o.Links), CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt,
		LastInteractionAt: o.UpdatedAt, LastAdvancedAt: o.LastAdvancedAt,
		Stage: o.Stage, StageChanges: nonNil(slices.Clone(o.StageChanges)), Owner: o.Owner,
		Tags: cloneStrings(o.Tags), Sources: cloneStrings(o.Sources), Origin: o.Origin,
		Applications: []any{}, Followers: []string{},
		URLs: urls{List: "https://hire.lever.co/candidates", Show: "https://hire.lever.co/candidates/" + o.ID},
	}
	if o.Owner != "" {
		v.Followers = []string{o.Owner}
	}
	if o.Archived != nil {
		a := *o.Archived
		v.Archived = &a
	}
	if x.stage {
		if i := st.stageIndex(o.Stage); i >= 0 {
			v.Stage = st.Stages[i]
		}
	}
	for _, a := range o.Applications {
		if !x.applications {
			v.Applications = append(v.Applications, a.ID)
			continue
		}
		v.Applications = append(v.Applications, applicationView{
			ID: a.ID, OpportunityID: o.ID, CandidateID: o.ID, CreatedAt: a.CreatedAt,
			Type: a.Type, Posting: a.Posting, User: a.User, Name: o.Name, Email: first(o.Emails),
			Links: []string{}, Archived: v.Archived,
		})
	}
	return v
}

// noteView is a note as Lever reads it back: the text is in a field.
type noteView struct {
	ID          string      `json:"id"`
	Text        string      `json:"text"`
	Fields      []noteField `json:"fields"`
	User        string      `json:"user"`
	Secret      bool        `json:"secret"`
	CompletedAt int64       `json:"completedAt"`
	CreatedAt   int64       `json:"createdAt"`
	DeletedAt   *int64      `json:"deletedAt"`
}

type noteField struct {
	Type  string `json:"type"`
	Text  string `json:"text"`
	Value any    `json:"value"`
}

func viewNote(n *noteRecord) noteView {
	v := noteView{
		ID: n.ID, User: n.User, Secret: n.Secret, CompletedAt: n.CreatedAt, CreatedAt: n.CreatedAt,
		Fields: []noteField{{Type: "text", Text: "Comment", Value: n.Value}},
	}
	if n.Score != 0 {
		v.Fields = append(v.Fields, noteField{Type: "score", Text: "Rating", Value: n.Score})
	}
	return v
}

type postingView struct {
	ID              string     `json:"id"`
	Text            string     `json:"text"`
	State           string     `json:"state"`
	Tags            []string   `json:"tags"`
	Confidentiality string     `json:"confidentiality"`
	Categories      categories `json:"categories"`
	User            string     `json:"user"`
	Owner           string     `json:"owner"`
	CreatedAt       int64      `json:"createdAt"`
	UpdatedAt       int64      `json:"updatedAt"`
	URLs            postingURL `json:"urls"`
}

type categories struct {
	Team         string   `json:"team"`
	Location     string   `json:"location"`
	Commitment   string   `json:"commitment"`
	AllLocations []string `json:"allLocations"`
}

type postingURL struct {
	List  string `json:"list"`
	Show  string `json:"show"`
	Apply string `json:"apply"`
}

func viewPosting(p *postingRecord) postingView {
	show := "https://jobs.lever.co/sandbox/" + p.ID
	return postingView{
		ID: p.ID, Text: p.Text, State: p.State, Tags: cloneStrings(p.Tags), Confidentiality: "non-confidential",
		Categories: categories{Team: p.Team, Location: p.Location, Commitment: p.Commitment, AllLocations: []string{p.Location}},
		User:       p.Owner, Owner: p.Owner, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
		URLs: postingURL{List: "https://jobs.lever.co/sandbox", Show: show, Apply: show + "/apply"},
	}
}

type userView struct {
	ID            string  `json:"id"`
	Name          string  `json:"name"`
	Username      string  `json:"username"`
	Email         string  `json:"email"`
	AccessRole    string  `json:"accessRole"`
	Photo         *string `json:"photo"`
	CreatedAt     int64   `json:"createdAt"`
	DeactivatedAt *int64  `json:"deactivatedAt"`
}

func viewUser(u *userRecord) userView {
	return userView{ID: u.ID, Name: u.Name, Username: u.Email, Email: u.Email, AccessRole: u.AccessRole, CreatedAt: u.CreatedAt}
}

type webhookView struct {
	ID            string               `json:"id"`
	URL           string               `json:"url"`
	Event         string               `json:"event"`
	Configuration webhookConfiguration `json:"configuration"`
	CreatedAt     int64                `json:"createdAt"`
}

type webhookConfiguration struct {
	SignatureToken string          `json:"signatureToken"`
	Conditions     json.RawMessage `json:"conditions"`
}

func viewWebhook(w *webhookRecord) webhookView {
	conditions := w.Conditions
	if len(conditions) == 0 {
		conditions = json.RawMessage(`{}`)
	}
	return webhookView{
		ID: w.ID, URL: w.URL, Event: w.Event, CreatedAt: w.CreatedAt,
		Configuration: webhookConfiguration{SignatureToken: w.SignatureToken, Conditions: slices.Clone(conditions)},
	}
}

func cloneStrings(s []string) []string { return nonNil(slices.Clone(s)) }

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
