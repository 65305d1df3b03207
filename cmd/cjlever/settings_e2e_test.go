//go:build !nodev

package main

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/codec"
	"github.com/cjlever/cjlever/emulators/leveremulator"
	"github.com/cjlever/cjlever/gateway/admin/admintest"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

// The connection the admin adds, and the Lever account they create for it
// on the emulator's sign-in page.
const (
	browserConnectionID = "acme"
	browserLeverAccount = "Acme Corp"
)

// TestConnectANewLeverAccountInTheBrowser walks the README's setup in
// headless chromium against `cjlever dev`: sign in with the banner's
// password, add a connection, connect a Lever account made on the
// emulator's sign-in page, pick the trigger stage, save, register the
// webhooks. A stage change in that account then invites the candidate, with
// no restart, and the Temporal UI shows the assessment's input decoded
// through the gateway's codec endpoint. Set CJLEVER_SCREENSHOTS_DIR to keep
// the screenshots.
func TestConnectANewLeverAccountInTheBrowser(t *testing.T) {
	env := startTestDev(t, "--ui-port=0")
	b := settingsBrowser{t: t, ctx: admintest.Browser(t), env: env}

	b.signIn()
	b.addConnection()
	leverKey := b.connectNewLeverAccount()
	b.chooseTriggerStageAndRegisterWebhooks()

	opp := moveCandidateInNewAccount(t, env, leverKey)
	b.seeDecodedInTemporalUI(opp)
}

// settingsBrowser is the admin's browser on dev's settings page.
type settingsBrowser struct {
	t   *testing.T
	ctx context.Context
	env *devEnv
}

func (b settingsBrowser) text(sel string) string {
	b.t.Helper()
	got, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	require.NoError(b.t, err)
	return got
}

// submit clicks a button and expects the page it leads to to load.
func (b settingsBrowser) submit(button string) {
	b.t.Helper()
	status, err := admintest.Submit(b.ctx, chromedp.CSS(button))
	require.NoError(b.t, err)
	require.EqualValues(b.t, 200, status, "the page after %s", button)
}

func (b settingsBrowser) shot(name string) { admintest.Screenshot(b.t, b.ctx, "e2e-"+name) }

func (b settingsBrowser) signIn() {
	status, err := admintest.SignIn(b.ctx, b.env.gatewayURL, b.env.adminPassword)
	require.NoError(b.t, err)
	require.EqualValues(b.t, 200, status)
	require.Contains(b.t, b.text("tbody"), sandbox.ConnectionID, "dev's sandbox connection is listed")
	b.shot("1-connections")
}

// addConnection adds the connection for the emulator's Lever, with the
// sandbox's Codejudge organisation.
func (b settingsBrowser) addConnection() {
	require.NoError(b.t, chromedp.Do(b.ctx,
		chromedp.SendKeys(chromedp.CSS("#id"), browserConnectionID),
		chromedp.SetValue(chromedp.CSS("#environment"), "emulator"),
		chromedp.SendKeys(chromedp.CSS("#codejudge_api_key"), sandbox.CodejudgeAPIKey),
		chromedp.SendKeys(chromedp.CSS("#codejudge_callback_secret"), sandbox.CodejudgeCallbackSecret),
	))
	b.shot("2-add-connection")
	b.submit(`form[action="/settings/connections"] button[type=submit]`)
	require.Contains(b.t, b.text(".badge"), "Not connected")
	b.shot("3-added")
}

// connectNewLeverAccount clicks Connect Lever, creates a Lever account on
// the emulator's sign-in page, accepts, and comes back connected. It returns
// the account's API key, which the emulator's consent page shows.
func (b settingsBrowser) connectNewLeverAccount() (leverKey string) {
	b.submit(`form[action$="/connect"] button`)
	require.Contains(b.t, b.text("h1"), "Sign in to Lever")
	require.NoError(b.t, chromedp.Do(b.ctx, chromedp.SendKeys(chromedp.CSS("#new-account"), browserLeverAccount)))
	b.shot("4-lever-sign-in")
	b.submit("#create-account")
	require.Equal(b.t, browserLeverAccount, b.text("#signed-in-account"))
	leverKey = b.text("#api-key")
	b.shot("5-lever-consent")
	b.submit("#accept")
	require.Contains(b.t, b.text(".flash"), "Lever is connected")
	require.Equal(b.t, "Connected", b.text(".badge"))
	b.shot("6-connected")
	return leverKey
}

func (b settingsBrowser) chooseTriggerStageAndRegisterWebhooks() {
	require.NoError(b.t, chromedp.Do(b.ctx, chromedp.SetValue(chromedp.CSS("#trigger_stage"), leveremulator.StageAssessment)))
	b.submit(`#settings button[type=submit]`)
	require.Contains(b.t, b.text(".flash"), "Your changes are saved")
	b.submit(`form[action$="/webhooks"] button`)
	require.Contains(b.t, b.text(".flash"), "The webhooks are registered")
	require.NotContains(b.t, b.text("tbody"), "Not set up")
	b.shot("7-saved-and-registered")

	_, err := admintest.Open(b.ctx, b.env.gatewayURL+"/settings")
	require.NoError(b.t, err)
	row := b.text(`tbody tr:has(a[href$="/` + browserConnectionID + `"])`)
	require.Contains(b.t, row, "Connected")
	require.Contains(b.t, row, sandbox.AssessmentStage)
	b.shot("8-list")
}

// moveCandidateInNewAccount creates a candidate on the new Lever account's
// CJ-tagged posting and moves them to the trigger stage through the
// emulator's API, as `cjlever sandbox move --lever-key` does; the new
// connection's webhook leads to an invite note. It returns the
// opportunity's id.
func moveCandidateInNewAccount(t *testing.T, env *devEnv, leverKey string) string {
	t.Helper()
	ctx := context.Background()
	key, ok := env.sandbox.Lever.AccountAPIKey(browserLeverAccount)
	require.True(t, ok, "the emulator has the account made on its sign-in page")
	require.Equal(t, key, leverKey, "the consent page shows the account's API key")
	sc, err := sandboxClientsFor(sandboxEndpoints{leverURL: env.sandbox.LeverURL, leverKey: leverKey, codejudgeURL: env.sandbox.CodejudgeURL})
	require.NoError(t, err)
	lc := sc.lever
	hooks, err := lc.ListWebhooks(ctx)
	require.NoError(t, err)
	require.Len(t, hooks, len(workflows.LeverWebhookEvents), "the page registered a webhook per event in the new account")
	for _, h := range hooks {
		require.Equal(t, env.gatewayURL+"/webhooks/lever/"+browserConnectionID, h.URL)
	}

	opp, err := lc.CreateOpportunity(ctx, lever.NewOpportunity{
		Name: "Grace Hopper", Emails: []string{"grace@example.com"}, Postings: []string{leveremulator.SandboxPostingID},
	}, leveremulator.SandboxUserID)
	require.NoError(t, err)
	require.Contains(t, opp.Tags, leveremulator.SandboxPostingTag)
	require.NoError(t, sc.move(ctx, opp.ID, sandbox.AssessmentStage))

	started := time.Now()
	require.Eventually(t, func() bool {
		notes, err := lc.ListNotes(ctx, opp.ID)
		return err == nil && anyNote(notes, "invited the candidate to the test")
	}, connectionsSyncInterval+30*time.Second, 200*time.Millisecond, "the invite note on the new account's opportunity")
	t.Logf("invite note %v after the move", time.Since(started).Round(time.Millisecond))

	invites, err := sc.codejudge.ListInvites(ctx, codejudge.InviteFilter{ExternalID: opp.ID})
	require.NoError(t, err)
	require.Len(t, invites, 1)
	return opp.ID
}

// seeDecodedInTemporalUI opens the assessment's page in dev's Temporal UI,
// in the browser signed in to the settings page: the UI decodes the input
// through the gateway's codec endpoint, so the opportunity shows in plain
// JSON.
func (b settingsBrowser) seeDecodedInTemporalUI(opp string) {
	id := workflows.AssessmentWorkflowID(browserConnectionID, opp)
	_, err := admintest.Open(b.ctx, b.env.uiURL+"/namespaces/"+b.env.temporal.Namespace()+"/workflows/"+url.PathEscape(id))
	require.NoError(b.t, err)
	var page string
	decoded := func() bool {
		page, err = chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body.innerText`))
		return err == nil && strings.Contains(page, `"OpportunityID": "`+opp+`"`)
	}
	require.Eventually(b.t, decoded, 20*time.Second, 250*time.Millisecond, "the UI shows the decoded input; it shows:\n%s", page)
	require.NotContains(b.t, page, codec.EncodingEncrypted)
	b.shot("9-temporal-ui")
}
