package admin_test

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/gateway/admin"
	"github.com/cjlever/cjlever/gateway/admin/admintest"
)

// TestSettingsInABrowser walks the page as an admin would, in headless
// chromium, taking a screenshot of each page.
func TestSettingsInABrowser(t *testing.T) {
	ctx := admintest.Browser(t)
	store := &fakeStore{stages: []admin.Stage{{ID: "stage-new", Text: "New applicant"},
		{ID: "stage-cj", Text: "Codejudge assessment"}, {ID: "stage-onsite", Text: "On-site interview"}}}
	s := newSite(t, store)
	store.authorizeURL = s.URL + "/lever-consent"
	text := func(sel chromedp.CSS) string {
		got, err := chromedp.Run(ctx, chromedp.Text(sel))
		require.NoError(t, err)
		return got
	}
	submit := func(button chromedp.CSS) {
		t.Helper()
		status, err := admintest.Submit(ctx, button)
		require.NoError(t, err)
		require.EqualValues(t, 200, status)
	}

	_, err := admintest.Open(ctx, s.URL+"/settings")
	require.NoError(t, err)
	admintest.Screenshot(t, ctx, "1-sign-in")
	status, err := admintest.SignIn(ctx, s.URL, "not the password")
	require.NoError(t, err)
	require.EqualValues(t, 401, status)
	require.Contains(t, text(".error"), "That password is not right.")
	admintest.Screenshot(t, ctx, "1-wrong-password")
	status, err = admintest.SignIn(ctx, s.URL, testPassword)
	require.NoError(t, err)
	require.EqualValues(t, 200, status)
	require.Contains(t, text("main"), "No Lever account is connected yet")
	admintest.Screenshot(t, ctx, "2-no-connections")

	require.NoError(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#id"), "acme"),
		chromedp.SetValue(chromedp.CSS("#environment"), "sandbox"),
		chromedp.SendKeys(chromedp.CSS("#codejudge_api_key"), "cj-key"),
		chromedp.SendKeys(chromedp.CSS("#codejudge_callback_secret"), "cj-secret"),
	))
	submit(`form[action="/settings/connections"] button`)
	require.Contains(t, text(".flash"), "The connection was added")
	require.Contains(t, text(".badge"), "Not connected")
	admintest.Screenshot(t, ctx, "3-new-connection")

	submit(`form[action$="/connect"] button`)
	require.Contains(t, text(".flash"), "Lever is connected")
	require.Equal(t, "Connected", text(".badge"))
	admintest.Screenshot(t, ctx, "4-connected")

	require.NoError(t, chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#trigger_stage"), "stage-cj")))
	submit(`#settings button`)
	require.Contains(t, text(".flash"), "Your changes are saved")
	submit(`form[action$="/webhooks"] button`)
	require.Contains(t, text(".flash"), "The webhooks are registered")
	admintest.Screenshot(t, ctx, "5-saved-and-registered")

	_, err = admintest.Open(ctx, s.URL+"/settings")
	require.NoError(t, err)
	require.Contains(t, text("tbody"), "Codejudge assessment")
	admintest.Screenshot(t, ctx, "6-list")

	_, err = admintest.Open(ctx, s.URL+"/settings/connections/acme/disable")
	require.NoError(t, err)
	admintest.Screenshot(t, ctx, "7-disable-confirm")
	submit(`button.danger`)
	require.Equal(t, "Disabled", text(".badge"))
	admintest.Screenshot(t, ctx, "8-disabled")

	require.Equal(t, []string{"Create", "BeginOAuth", "CompleteOAuth", "Save", "RegisterWebhooks", "Disable"},
		methods(writeCalls(store.Calls())))
	created := writeCalls(store.Calls())[0].Arg.(admin.NewConnection)
	require.Equal(t, admin.NewConnection{ID: "acme", Environment: "sandbox", CodejudgeAPIKey: "cj-key", CodejudgeCallbackSecret: "cj-secret"}, created)
	require.Equal(t, "stage-cj", writeCalls(store.Calls())[3].Arg.(admin.Settings).TriggerStageID)
}
