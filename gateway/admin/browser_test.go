package admin_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/gateway/admin"
	"github.com/cjlever/cjlever/gateway/admin/admintest"
)

// walk is one admin's browser on the settings page.
type walk struct {
	t   *testing.T
	ctx context.Context
	s   *site
}

func (w walk) text(sel chromedp.CSS) string {
	w.t.Helper()
	got, err := chromedp.Run(w.ctx, chromedp.Text(sel))
	require.NoError(w.t, err)
	return got
}

// submit clicks a button and expects the page it leads to to load.
func (w walk) submit(button chromedp.CSS) {
	w.t.Helper()
	status, err := admintest.Submit(w.ctx, button)
	require.NoError(w.t, err)
	require.EqualValues(w.t, 200, status)
}

func (w walk) open(path string) {
	w.t.Helper()
	_, err := admintest.Open(w.ctx, w.s.URL+path)
	require.NoError(w.t, err)
}

// TestSettingsInABrowser walks the page as an admin would, in headless
// chromium, taking a screenshot of each page.
func TestSettingsInABrowser(t *testing.T) {
	ctx := admintest.Browser(t)
	store := &fakeStore{stages: []admin.Stage{{ID: "stage-new", Text: "New applicant"},
		{ID: "stage-cj", Text: "Codejudge assessment"}, {ID: "stage-onsite", Text: "On-site interview"}}}
	s := newSite(t, store)
	store.authorizeURL = s.URL + "/lever-consent"
	w := walk{t: t, ctx: ctx, s: s}

	w.signIn()
	w.addConnection()
	w.connectAndConfigure()
	w.disable()

	calls := writeCalls(store.Calls())
	require.Equal(t, []string{"Create", "BeginOAuth", "CompleteOAuth", "Save", "RegisterWebhooks", "Disable"}, methods(calls))
	require.Equal(t, admin.NewConnection{ID: "acme", Environment: "sandbox", CodejudgeAPIKey: "cj-key", CodejudgeCallbackSecret: "cj-secret"},
		calls[0].Arg)
	require.Equal(t, "stage-cj", calls[3].Arg.(admin.Settings).TriggerStageID)
}

func (w walk) signIn() {
	w.open("/settings")
	admintest.Screenshot(w.t, w.ctx, "1-sign-in")
	status, err := admintest.SignIn(w.ctx, w.s.URL, "not the password")
	require.NoError(w.t, err)
	require.EqualValues(w.t, 401, status)
	require.Contains(w.t, w.text(".error"), "That password is not right.")
	admintest.Screenshot(w.t, w.ctx, "1-wrong-password")
	status, err = admintest.SignIn(w.ctx, w.s.URL, testPassword)
	require.NoError(w.t, err)
	require.EqualValues(w.t, 200, status)
	require.Contains(w.t, w.text("main"), "No Lever account is connected yet")
	admintest.Screenshot(w.t, w.ctx, "2-no-connections")
}

func (w walk) addConnection() {
	require.NoError(w.t, chromedp.Do(w.ctx,
		chromedp.SendKeys(chromedp.CSS("#id"), "acme"),
		chromedp.SetValue(chromedp.CSS("#environment"), "sandbox"),
		chromedp.SendKeys(chromedp.CSS("#codejudge_api_key"), "cj-key"),
		chromedp.SendKeys(chromedp.CSS("#codejudge_callback_secret"), "cj-secret"),
	))
	w.submit(`form[action="/settings/connections"] button`)
	require.Contains(w.t, w.text(".flash"), "The connection was added")
	require.Contains(w.t, w.text(".badge"), "Not connected")
	admintest.Screenshot(w.t, w.ctx, "3-new-connection")
}

func (w walk) connectAndConfigure() {
	w.submit(`form[action$="/connect"] button`)
	require.Contains(w.t, w.text(".flash"), "Lever is connected")
	require.Equal(w.t, "Connected", w.text(".badge"))
	admintest.Screenshot(w.t, w.ctx, "4-connected")

	require.NoError(w.t, chromedp.Do(w.ctx, chromedp.SetValue(chromedp.CSS("#trigger_stage"), "stage-cj")))
	w.submit(`#settings button`)
	require.Contains(w.t, w.text(".flash"), "Your changes are saved")
	w.submit(`form[action$="/webhooks"] button`)
	require.Contains(w.t, w.text(".flash"), "The webhooks are registered")
	admintest.Screenshot(w.t, w.ctx, "5-saved-and-registered")

	w.open("/settings")
	require.Contains(w.t, w.text("tbody"), "Codejudge assessment")
	admintest.Screenshot(w.t, w.ctx, "6-list")
}

func (w walk) disable() {
	w.open("/settings/connections/acme/disable")
	admintest.Screenshot(w.t, w.ctx, "7-disable-confirm")
	w.submit(`button.danger`)
	require.Equal(w.t, "Disabled", w.text(".badge"))
	admintest.Screenshot(w.t, w.ctx, "8-disabled")
}
