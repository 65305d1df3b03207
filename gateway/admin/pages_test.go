package admin_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/gateway/admin"
)

func wrapInvalid(msg string) error { return fmt.Errorf("%s%w", msg, errorsMark{admin.ErrInvalid}) }

// errorsMark wraps a sentinel without adding to the message, as a Store's
// readable ErrInvalid does.
type errorsMark struct{ err error }

func (e errorsMark) Error() string { return "" }
func (e errorsMark) Unwrap() error { return e.err }

func TestPagesEscapeEverythingTheStoreSays(t *testing.T) {
	// A connection id cannot hold a slash (it is one path segment).
	const evilID, evil = `<svg onload=alert(1)>`, `<script>alert(1)</script>`
	store := &fakeStore{views: []admin.View{{ID: evilID, State: admin.StateNeedsReauthorization, Auth: "oauth",
		TriggerStageID: "s1", PerformAs: `"><img src=x onerror=alert(2)>`, LastError: evil,
		Stages: []admin.Stage{{ID: `s1"><b>`, Text: evil}, {ID: "s1", Text: "<i>Assessment</i>"}}}}}
	s := newSite(t, store)
	c := newClient(t)
	s.signIn(t, c)

	list := get(t, c, s.URL+"/settings")
	require.Equal(t, http.StatusOK, list.Status)
	require.Contains(t, list.Body, "&lt;svg onload=alert(1)&gt;")
	require.Contains(t, list.Body, `href="/settings/connections/%3Csvg%20onload=alert%281%29%3E"`)
	require.Contains(t, list.Body, "Needs re-authorisation")

	page := get(t, c, s.URL+"/settings/connections/"+url.PathEscape(evilID))
	require.Equal(t, http.StatusOK, page.Status)
	for _, body := range []string{list.Body, page.Body} {
		require.NotContains(t, body, "<script>alert")
		require.NotContains(t, body, "<svg")
		require.NotContains(t, body, "<img")
		require.NotContains(t, body, "<b>")
		require.NotContains(t, body, "<i>")
	}
	require.Contains(t, page.Body, "&lt;i&gt;Assessment&lt;/i&gt;")
	require.Contains(t, page.Body, "&lt;script&gt;alert(1)&lt;/script&gt;", "the last error")
	require.Contains(t, page.Body, "/webhooks/lever/%3Csvg%20onload=alert%281%29%3E")
}

func TestListAndConnectionPagesSayWhereThingsStand(t *testing.T) {
	store := oneConnection()
	store.views = append(store.views,
		admin.View{ID: "beta", State: admin.StateNotConnected},
		admin.View{ID: "gamma", State: admin.StateDisabled, WebhookEvents: []string{"candidateStageChange"}},
		admin.View{ID: "delta", State: admin.StateActive, Auth: "api-key", WebhookEvents: []string{"candidateStageChange"}})
	store.views[0].RegisteredWebhooks = []string{"applicationCreated", "candidateStageChange", "candidateArchiveChange", "candidateDeleted"}
	s := newSite(t, store)
	c := newClient(t)
	s.signIn(t, c)

	list := get(t, c, s.URL+"/settings").Body
	for _, want := range []string{">Connected<", ">Not connected<", ">Disabled<", ">Connected (API key)<",
		"Codejudge assessment", "Not chosen yet", "Registered", "Added by hand", "Not registered",
		`<option value="production">production</option>`, `<option value="sandbox">sandbox</option>`} {
		require.Contains(t, list, want)
	}

	page := get(t, c, s.URL+"/settings/connections/acme").Body
	require.Contains(t, page, `<option value="stage-2" selected>Codejudge assessment</option>`)
	require.Contains(t, page, `value="`+s.URL+`/webhooks/lever/acme"`)
	require.Contains(t, page, "Reconnect Lever")
	require.Contains(t, get(t, c, s.URL+"/settings/connections/beta").Body, "Connect Lever first")
	require.Contains(t, get(t, c, s.URL+"/settings/connections/beta").Body, ">Connect Lever<")
}

func TestFormsCallTheStore(t *testing.T) {
	s := newSite(t, oneConnection())
	c := newClient(t)
	token := s.signIn(t, c)

	res := post(t, c, s.URL+"/settings/connections", url.Values{"csrf": {token}, "id": {" beta "}, "environment": {"sandbox"},
		"codejudge_api_key": {"cj-key"}, "codejudge_callback_secret": {"cj-secret"}, "perform_as": {"user-9"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, "/settings/connections/beta?done=created", res.Location)

	res = post(t, c, s.URL+"/settings/connections/acme", url.Values{"csrf": {token}, "trigger_stage": {"stage-1"},
		"perform_as": {"user-2"}, "token_candidateStageChange": {" tok-stage "}, "token_applicationCreated": {""}})
	require.Equal(t, "/settings/connections/acme?done=saved", res.Location)

	res = post(t, c, s.URL+"/settings/connections/acme/webhooks", url.Values{"csrf": {token}})
	require.Equal(t, "/settings/connections/acme?done=webhooks", res.Location)

	confirm := get(t, c, s.URL+"/settings/connections/acme/disable")
	require.Contains(t, confirm.Body, "Disable connection acme?")
	require.Equal(t, "View", s.Store.Calls()[len(s.Store.Calls())-1].Method, "the confirmation page changes nothing")
	res = post(t, c, s.URL+"/settings/connections/acme/disable", url.Values{"csrf": {token}})
	require.Equal(t, "/settings/connections/acme?done=disabled", res.Location)

	require.Equal(t, []call{
		{Method: "Create", ID: "beta", Arg: admin.NewConnection{ID: "beta", Environment: "sandbox", PerformAs: "user-9",
			CodejudgeAPIKey: "cj-key", CodejudgeCallbackSecret: "cj-secret"}},
		{Method: "Save", ID: "acme", Arg: admin.Settings{TriggerStageID: "stage-1", PerformAs: "user-2",
			WebhookTokens: map[string]string{"candidateStageChange": "tok-stage"}}},
		{Method: "RegisterWebhooks", ID: "acme", Arg: s.URL + "/webhooks/lever/acme"},
		{Method: "Disable", ID: "acme"},
	}, writeCalls(s.Store.Calls()))
	require.Contains(t, get(t, c, s.URL+"/settings/connections/acme?done=disabled").Body, "The connection is disabled.")
}

func TestStoreErrorsInWords(t *testing.T) {
	s := newSite(t, oneConnection())
	c := newClient(t)
	token := s.signIn(t, c)
	save := func() response {
		return post(t, c, s.URL+"/settings/connections/acme", url.Values{"csrf": {token}, "trigger_stage": {"nope"}})
	}

	s.Store.failWith = wrapInvalid("The trigger stage is not one of this Lever account's stages.")
	res := save()
	require.Equal(t, http.StatusBadRequest, res.Status)
	require.Contains(t, res.Body, "The trigger stage is not one of this Lever account&#39;s stages.")
	require.Contains(t, res.Body, `href="/settings/connections/acme"`)

	s.Store.failWith = fmt.Errorf("connection %q: %w", "acme", admin.ErrNotFound)
	res = get(t, c, s.URL+"/settings/connections/acme")
	require.Equal(t, http.StatusNotFound, res.Status)
	require.Contains(t, res.Body, "No such connection")

	s.Store.failWith = errors.New("rpc error: dial tcp 10.1.2.3:7233: connection refused")
	for _, res := range []response{save(), get(t, c, s.URL+"/settings")} {
		require.Equal(t, http.StatusBadGateway, res.Status)
		require.Contains(t, res.Body, "Could not reach the connection store")
		require.NotContains(t, res.Body, "10.1.2.3")
	}
}
