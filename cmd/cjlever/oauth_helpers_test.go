//go:build !nodev

package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/connections"
	"github.com/cjlever/cjlever/gateway"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

// oauthAccount is an emulated Lever account that a test connects over
// OAuth; its API key plays the recruiter.
type oauthAccount struct {
	name      string
	recruiter *lever.Client
	sb        *sandbox.Sandbox
}

// addOAuthAccount adds an account to the sandbox's Lever emulator, seeded
// as the default one (same stage, posting and user ids).
func addOAuthAccount(t *testing.T, sb *sandbox.Sandbox, name string) *oauthAccount {
	t.Helper()
	key, err := sb.Lever.AddAccount(name)
	require.NoError(t, err)
	lc, err := lever.New(lever.Config{BaseURL: sb.LeverURL, APIKey: key, Account: name + "-recruiter", MaxAttempts: 1, RequestsPerSecond: -1})
	require.NoError(t, err)
	return &oauthAccount{name: name, recruiter: lc, sb: sb}
}

// hiddenField matches the emulator pages' hidden form fields.
var hiddenField = regexp.MustCompile(`<input type="hidden" name="([a-z_]+)" value="([^"]*)">`)

// consent walks the emulator's OAuth pages over HTTP as an admin's browser
// would: it signs in to the account, accepts, and returns the code and state
// the emulator redirects back with.
func (a *oauthAccount) consent(t *testing.T, authorizeURL string) (code, state string) {
	t.Helper()
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	formURL, err := url.Parse(authorizeURL)
	require.NoError(t, err)
	formURL.RawQuery = ""
	resp, err := browser.Get(authorizeURL)
	require.NoError(t, err)
	for _, fields := range []url.Values{{"account": {a.name}}, {"decision": {"accept"}}} {
		page, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode, "%s", page)
		for _, m := range hiddenField.FindAllStringSubmatch(string(page), -1) {
			fields.Set(m[1], html.UnescapeString(m[2]))
		}
		resp, err = browser.PostForm(formURL.String(), fields)
		require.NoError(t, err)
	}
	resp.Body.Close()
	back, err := resp.Location()
	require.NoError(t, err, "the consent redirects back to cjlever")
	return back.Query().Get("code"), back.Query().Get("state")
}

// connectOverOAuth makes connection id the settings page's way: create it in
// the emulator's environment, connect Lever (begin, consent, complete) and
// save its trigger stage and acting user.
func (a *oauthAccount) connectOverOAuth(t *testing.T, dir *connections.Directory, id string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	require.NoError(t, dir.Create(ctx, connections.NewConnection{ID: id, Environment: "emulator",
		CodejudgeAPIKey: sandbox.CodejudgeAPIKey, CodejudgeCallbackSecret: sandbox.CodejudgeCallbackSecret}))
	a.reconnect(t, dir, id)
	require.NoError(t, dir.Save(ctx, id, connections.Settings{TriggerStageID: a.sb.Seed.AssessmentStageID, PerformAs: a.sb.Seed.UserID}))
}

// reconnect connects Lever to connection id over OAuth again: what an admin
// does with "Connect Lever".
func (a *oauthAccount) reconnect(t *testing.T, dir *connections.Directory, id string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	state := fmt.Sprintf("state-%d", time.Now().UnixNano())
	authorizeURL, err := dir.BeginOAuth(ctx, id, state)
	require.NoError(t, err)
	code, back := a.consent(t, authorizeURL)
	require.Equal(t, state, back)
	require.NoError(t, dir.CompleteOAuth(ctx, id, state, code))
	v, err := dir.View(ctx, id)
	require.NoError(t, err)
	require.Equal(t, workflows.ConnectionActive, v.State)
	require.Equal(t, connections.AuthOAuth, v.Auth)
}

// assessNewCandidate creates a candidate in the trigger stage and starts
// its assessment on connection id, as the gateway does for a stage change.
func (a *oauthAccount) assessNewCandidate(t *testing.T, c client.Client, id string, n int) string {
	t.Helper()
	ctx := context.Background()
	opp, err := a.recruiter.CreateOpportunity(ctx, lever.NewOpportunity{
		Name: fmt.Sprintf("Candidate %d", n), Emails: []string{fmt.Sprintf("c%d@example.com", n)},
		Postings: []string{a.sb.Seed.PostingID}, Stage: a.sb.Seed.AssessmentStageID,
	}, a.sb.Seed.UserID)
	require.NoError(t, err)
	result, err := gateway.NewTemporalWorkflows(c).StartAssessment(ctx, workflows.AssessmentInput{
		ConnectionID: id, OpportunityID: opp.ID, Trigger: workflows.TriggerStageChange,
		TriggerStageID: a.sb.Seed.AssessmentStageID, EventTriggeredAt: time.Now(),
	}, gateway.DeliveryClaim{Token: fmt.Sprintf("tok-%s-%d", id, n), Until: time.Now().Add(time.Hour)})
	require.NoError(t, err)
	require.Equal(t, gateway.Started, result)
	return opp.ID
}

// invited tells whether the opportunity carries the invite's tag and note.
func (a *oauthAccount) invited(t *testing.T, opp string) bool {
	t.Helper()
	o, err := a.recruiter.GetOpportunity(context.Background(), opp)
	require.NoError(t, err)
	notes, err := a.recruiter.ListNotes(context.Background(), opp)
	require.NoError(t, err)
	require.NotContains(t, o.Tags, workflows.TagError)
	return contains(o.Tags, workflows.TagInviteSent) && anyNote(notes, "invited the candidate")
}

// waitInvited waits until every opportunity is invited.
func (a *oauthAccount) waitInvited(t *testing.T, opps ...string) {
	t.Helper()
	for _, opp := range opps {
		eventually(t, "opportunity "+opp+" is invited", func() bool { return a.invited(t, opp) })
	}
}

// searchStatus is a workflow's CJStatus search attribute, as the Temporal
// UI shows it.
func searchStatus(t *testing.T, c client.Client, workflowID string) string {
	t.Helper()
	d, err := c.DescribeWorkflowExecution(context.Background(), workflowID, "")
	require.NoError(t, err)
	p := d.GetWorkflowExecutionInfo().GetSearchAttributes().GetIndexedFields()[workflows.SearchAttrStatus.GetName()]
	if p == nil {
		return ""
	}
	var status string
	require.NoError(t, converter.GetDefaultDataConverter().FromPayload(p, &status))
	return status
}
