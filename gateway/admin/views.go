package admin

import (
	"net/url"
	"slices"
)

// webhookEvents are the Lever events a connection needs, in the order the
// page lists them, with the names Lever's own settings use.
var webhookEvents = []struct{ Event, Name string }{
	{"applicationCreated", "Application Created"},
	{"candidateStageChange", "Candidate Stage Change"},
	{"candidateArchiveChange", "Candidate Archive State Change"},
	{"candidateDeleted", "Candidate Deleted"},
}

// connectionURL is the connection page's path; the id is path-escaped.
func connectionURL(id string) string {
	return "/settings/connections/" + url.PathEscape(id)
}

// stateWords is a connection's state as a recruiter reads it, and a CSS
// class for its badge.
func stateWords(v View) (text, class string) {
	switch v.State {
	case StateActive:
		if v.Auth == "api-key" {
			return "Connected (API key)", "ok"
		}
		return "Connected", "ok"
	case StateNeedsReauthorization:
		return "Needs re-authorisation", "warn"
	case StateDisabled:
		return "Disabled", "off"
	default:
		return "Not connected", "off"
	}
}

// stageName is the trigger stage's name, or what to do when there is none.
func stageName(v View) string {
	if v.TriggerStageID == "" {
		return "Not chosen yet"
	}
	for _, s := range v.Stages {
		if s.ID == v.TriggerStageID {
			return s.Text
		}
	}
	return v.TriggerStageID
}

// webhookSummary says in a few words whether Lever will send the events.
func webhookSummary(v View) string {
	switch {
	case len(v.RegisteredWebhooks) >= len(webhookEvents):
		return "Registered"
	case len(v.RegisteredWebhooks) > 0:
		return "Partly registered"
	case len(v.WebhookEvents) > 0:
		return "Added by hand"
	}
	return "Not registered"
}

// connectionRow is one line of the list page.
type connectionRow struct {
	ID, URL, State, StateClass, Stage, Webhooks string
}

func newRow(v View) connectionRow {
	state, class := stateWords(v)
	return connectionRow{ID: v.ID, URL: connectionURL(v.ID), State: state, StateClass: class,
		Stage: stageName(v), Webhooks: webhookSummary(v)}
}

// stageOption is one option of the trigger stage select.
type stageOption struct {
	ID, Text string
	Selected bool
}

func stageOptions(v View) []stageOption {
	opts := make([]stageOption, 0, len(v.Stages)+1)
	known := false
	for _, s := range v.Stages {
		sel := s.ID == v.TriggerStageID
		known = known || sel
		opts = append(opts, stageOption{ID: s.ID, Text: s.Text, Selected: sel})
	}
	if !known && v.TriggerStageID != "" {
		opts = append(opts, stageOption{ID: v.TriggerStageID, Text: "Current stage (" + v.TriggerStageID + ")", Selected: true})
	}
	return opts
}

// webhookRow is one Lever event on the connection page.
type webhookRow struct {
	Event, Name          string
	Registered, HasToken bool
}

func webhookRows(v View) []webhookRow {
	rows := make([]webhookRow, len(webhookEvents))
	for i, e := range webhookEvents {
		rows[i] = webhookRow{Event: e.Event, Name: e.Name,
			Registered: slices.Contains(v.RegisteredWebhooks, e.Event),
			HasToken:   slices.Contains(v.WebhookEvents, e.Event)}
	}
	return rows
}

// connectionDetail is the body of connection.html.
type connectionDetail struct {
	View
	URL, State, StateClass, WebhookURL, ConnectLabel string
	Stages                                           []stageOption
	Webhooks                                         []webhookRow
	Disabled                                         bool
}

func (a *Admin) newDetail(v View) connectionDetail {
	state, class := stateWords(v)
	label := "Connect Lever"
	if v.Auth != "" {
		label = "Reconnect Lever"
	}
	return connectionDetail{View: v, URL: connectionURL(v.ID), State: state, StateClass: class,
		WebhookURL: a.webhookURL(v.ID), ConnectLabel: label, Stages: stageOptions(v),
		Webhooks: webhookRows(v), Disabled: v.State == StateDisabled}
}

// webhookURL is where Lever sends this connection's webhooks.
func (a *Admin) webhookURL(id string) string {
	return a.publicURL + "/webhooks/lever/" + url.PathEscape(id)
}
