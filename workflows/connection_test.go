package workflows_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
	"github.com/cjlever/cjlever/workflows"
)

// fakeLeverGrant stands in for the Connection workflow's activities.
type fakeLeverGrant struct {
	mu        sync.Mutex
	refreshes int
	// refuseRefresh makes RefreshLeverToken meet invalid_grant.
	refuseRefresh bool
	ended         []activities.EndAssessmentsInput
	deleted       []map[string]string
}

func (f *fakeLeverGrant) ExchangeLeverCode(_ context.Context, in activities.ExchangeCodeInput) (activities.LeverTokens, error) {
	if in.Code != "good-code" {
		return activities.LeverTokens{}, temporal.NewNonRetryableApplicationError("refused", activities.ErrTypeNeedsReauthorization, nil)
	}
	return activities.LeverTokens{AccessToken: "access-1", RefreshToken: "refresh-1", Expiry: time.Now().Add(time.Hour)}, nil
}

func (f *fakeLeverGrant) RefreshLeverToken(_ context.Context, in activities.RefreshTokenInput) (activities.LeverTokens, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.refuseRefresh {
		return activities.LeverTokens{}, temporal.NewNonRetryableApplicationError("invalid_grant", activities.ErrTypeNeedsReauthorization, nil)
	}
	f.refreshes++
	return activities.LeverTokens{AccessToken: "refreshed", RefreshToken: in.RefreshToken + "+", Expiry: time.Now().Add(time.Hour)}, nil
}

func (f *fakeLeverGrant) ListLeverStages(context.Context, activities.LeverCredentials) ([]activities.LeverStage, error) {
	return []activities.LeverStage{{ID: "lead-new", Text: "New lead"}, {ID: "stage-assessment", Text: "Assessment"}}, nil
}

func (f *fakeLeverGrant) RegisterLeverWebhooks(_ context.Context, in activities.RegisterWebhooksInput) (map[string]activities.RegisteredWebhook, error) {
	out := map[string]activities.RegisteredWebhook{}
	for _, e := range in.Events {
		out[e] = activities.RegisteredWebhook{ID: "wh-" + e, Token: "tok-" + e}
	}
	return out, nil
}

func (f *fakeLeverGrant) DeleteLeverWebhooks(_ context.Context, in activities.DeleteWebhooksInput) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.deleted = append(f.deleted, in.IDs)
	return nil
}

func (f *fakeLeverGrant) EndConnectionAssessments(_ context.Context, in activities.EndAssessmentsInput) (activities.EndedAssessments, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ended = append(f.ended, in)
	return activities.EndedAssessments{Cancelled: 1, Noted: 1}, nil
}

const connID = "acme"

// connectionEnv runs a Connection workflow; steps run one a minute, then
// the workflow is cancelled (it would otherwise run for ever).
type connectionEnv struct {
	t    *testing.T
	env  *testsuite.TestWorkflowEnvironment
	step time.Duration
}

func newConnectionEnv(t *testing.T, fake *fakeLeverGrant) *connectionEnv {
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(workflows.Connection, workflow.RegisterOptions{Name: workflows.ConnectionWorkflowName})
	env.RegisterActivity(fake)
	return &connectionEnv{t: t, env: env}
}

// update sends an update at the next step; check sees its outcome.
func (c *connectionEnv) update(name string, check func(result any, err error), args ...any) {
	c.step += time.Minute
	c.updateAt(c.step, name, check, args...)
}

func (c *connectionEnv) updateAt(at time.Duration, name string, check func(result any, err error), args ...any) {
	c.env.RegisterDelayedCallback(func() {
		c.env.UpdateWorkflow(name, "", &testsuite.TestUpdateCallback{
			OnAccept: func() {},
			OnReject: func(err error) { check(nil, err) },
			OnComplete: func(result any, err error) {
				check(result, err)
			},
		}, args...)
	}, at)
}

// record queries the workflow at the next step.
func (c *connectionEnv) record(into *workflows.ConnectionRecord) {
	c.step += time.Minute
	c.env.RegisterDelayedCallback(func() {
		v, err := c.env.QueryWorkflow(workflows.ConnectionQuery)
		require.NoError(c.t, err)
		require.NoError(c.t, v.Get(into))
	}, c.step)
}

func (c *connectionEnv) run(in workflows.ConnectionInput) error {
	c.env.RegisterDelayedCallback(c.env.CancelWorkflow, c.step+time.Minute)
	c.env.ExecuteWorkflow(workflows.ConnectionWorkflowName, in)
	require.True(c.t, c.env.IsWorkflowCompleted())
	return c.env.GetWorkflowError()
}

func ok(t *testing.T) func(any, error) {
	return func(_ any, err error) { require.NoError(t, err) }
}

func refused(t *testing.T, errType string) func(any, error) {
	return func(_ any, err error) {
		var appErr *temporal.ApplicationError
		require.ErrorAs(t, err, &appErr, "%v", err)
		require.Equal(t, errType, appErr.Type(), appErr.Error())
	}
}

func oauthSettings() workflows.ConnectionSettings {
	return workflows.ConnectionSettings{
		ID: connID, Environment: "sandbox", TriggerStageID: "stage-assessment",
		Lever:     workflows.LeverSettings{BaseURL: "https://api.sandbox.lever.co/v1"},
		Codejudge: workflows.CodejudgeSettings{BaseURL: "https://cj.example", APIKey: "cj-key", CallbackSecret: "cj-secret"},
	}
}

// connectOAuth creates the connection and connects it over OAuth.
func (c *connectionEnv) connectOAuth() {
	c.update(workflows.CreateConnectionUpdate, ok(c.t), oauthSettings())
	c.update(workflows.BeginOAuthUpdate, ok(c.t), workflows.BeginOAuthInput{StateDigest: "digest"})
	c.update(workflows.CompleteOAuthUpdate, ok(c.t), workflows.CompleteOAuthInput{StateDigest: "digest", Code: "good-code"})
}

func TestConnectionOAuthStateIsSingleUseAndStagesAreRead(t *testing.T) {
	c := newConnectionEnv(t, &fakeLeverGrant{})
	c.update(workflows.CreateConnectionUpdate, ok(t), oauthSettings())
	c.update(workflows.BeginOAuthUpdate, ok(t), workflows.BeginOAuthInput{StateDigest: "digest"})
	c.update(workflows.CompleteOAuthUpdate, refused(t, workflows.ErrTypeConnectionInvalid),
		workflows.CompleteOAuthInput{StateDigest: "other", Code: "good-code"})
	c.update(workflows.CompleteOAuthUpdate, ok(t), workflows.CompleteOAuthInput{StateDigest: "digest", Code: "good-code"})
	c.update(workflows.CompleteOAuthUpdate, refused(t, workflows.ErrTypeConnectionInvalid),
		workflows.CompleteOAuthInput{StateDigest: "digest", Code: "good-code"})
	var rec workflows.ConnectionRecord
	c.record(&rec)
	require.ErrorAs(t, c.run(workflows.ConnectionInput{ID: connID}), new(*temporal.CanceledError))

	require.Equal(t, workflows.ConnectionActive, rec.State)
	require.Equal(t, "access-1", rec.Settings.Lever.OAuth.AccessToken)
	require.Len(t, rec.Stages, 2)
	require.Nil(t, rec.Pending)
}

func TestConnectionOAuthStateExpires(t *testing.T) {
	c := newConnectionEnv(t, &fakeLeverGrant{})
	c.update(workflows.CreateConnectionUpdate, ok(t), oauthSettings())
	c.update(workflows.BeginOAuthUpdate, ok(t), workflows.BeginOAuthInput{StateDigest: "digest"})
	c.step += workflows.OAuthStateLifetime
	c.update(workflows.CompleteOAuthUpdate, refused(t, workflows.ErrTypeConnectionInvalid),
		workflows.CompleteOAuthInput{StateDigest: "digest", Code: "good-code"})
	var rec workflows.ConnectionRecord
	c.record(&rec)
	require.Error(t, c.run(workflows.ConnectionInput{ID: connID}))
	require.Equal(t, workflows.ConnectionNotConnected, rec.State)
}

// A refused update changes nothing: not the settings, not the version.
func TestConnectionValidatorsRefuseBadInputAndChangeNothing(t *testing.T) {
	c := newConnectionEnv(t, &fakeLeverGrant{})
	var before, after workflows.ConnectionRecord
	c.update(workflows.SaveConnectionUpdate, refused(t, workflows.ErrTypeConnectionInvalid),
		workflows.SaveConnectionInput{TriggerStageID: "stage-assessment"}) // no such connection yet
	c.connectOAuth()
	c.record(&before)
	bad := oauthSettings()
	bad.Codejudge.APIKey = ""
	c.update(workflows.ApplyConnectionUpdate, refused(t, workflows.ErrTypeConnectionInvalid), bad)
	c.update(workflows.CreateConnectionUpdate, refused(t, workflows.ErrTypeConnectionInvalid), oauthSettings())
	c.update(workflows.SaveConnectionUpdate, refused(t, workflows.ErrTypeConnectionInvalid),
		workflows.SaveConnectionInput{TriggerStageID: "no-such-stage", PerformAs: "someone"})
	c.update(workflows.RegisterWebhooksUpdate, refused(t, workflows.ErrTypeConnectionInvalid),
		workflows.RegisterWebhooksInput{WebhookURL: "not a url"})
	c.record(&after)
	require.Error(t, c.run(workflows.ConnectionInput{ID: connID}))

	require.NotZero(t, before.Version)
	require.Equal(t, before, after)
}

// However many callers ask at once for an expiring token, one refresh runs
// and every caller gets its token.
func TestConnectionRefreshesOnceForConcurrentCallers(t *testing.T) {
	fake := &fakeLeverGrant{}
	c := newConnectionEnv(t, fake)
	expiring := oauthSettings()
	expiring.Lever.OAuth = &activities.LeverTokens{AccessToken: "old", RefreshToken: "r", Expiry: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	c.update(workflows.ApplyConnectionUpdate, ok(t), expiring)
	c.step += time.Minute
	var got []string
	for range 5 {
		c.updateAt(c.step, workflows.LeverTokenUpdate, func(result any, err error) {
			require.NoError(t, err)
			got = append(got, result.(workflows.LeverAccessToken).AccessToken)
		}, workflows.LeverTokenRequest{})
	}
	// A caller whose token Lever refused, but which someone else already
	// refreshed, gets the current token without a second refresh.
	c.update(workflows.LeverTokenUpdate, ok(t), workflows.LeverTokenRequest{Stale: "old"})
	require.Error(t, c.run(workflows.ConnectionInput{ID: connID}))

	require.Equal(t, 1, fake.refreshes)
	require.Equal(t, []string{"refreshed", "refreshed", "refreshed", "refreshed", "refreshed"}, got)
}

func TestConnectionRefusedRefreshNeedsReauthorization(t *testing.T) {
	fake := &fakeLeverGrant{refuseRefresh: true}
	c := newConnectionEnv(t, fake)
	expiring := oauthSettings()
	expiring.Lever.OAuth = &activities.LeverTokens{AccessToken: "old", RefreshToken: "r"}
	c.update(workflows.ApplyConnectionUpdate, ok(t), expiring)
	c.update(workflows.LeverTokenUpdate, refused(t, workflows.ErrTypeNeedsReauthorization), workflows.LeverTokenRequest{})
	c.update(workflows.LeverTokenUpdate, refused(t, workflows.ErrTypeNeedsReauthorization), workflows.LeverTokenRequest{})
	var rec workflows.ConnectionRecord
	c.record(&rec)
	require.Error(t, c.run(workflows.ConnectionInput{ID: connID}))

	require.Equal(t, workflows.ConnectionNeedsReauthorization, rec.State)
	require.NotEmpty(t, rec.LastError)
}

func TestConnectionDisableEndsAssessmentsAndForgetsTokens(t *testing.T) {
	fake := &fakeLeverGrant{}
	c := newConnectionEnv(t, fake)
	c.connectOAuth()
	c.update(workflows.RegisterWebhooksUpdate, ok(t), workflows.RegisterWebhooksInput{WebhookURL: "https://cj.example/webhooks/lever/acme"})
	var registered, disabled workflows.ConnectionRecord
	c.record(&registered)
	c.update(workflows.DisableConnectionUpdate, ok(t))
	c.record(&disabled)
	require.Error(t, c.run(workflows.ConnectionInput{ID: connID}))

	require.Len(t, registered.Settings.Lever.Webhooks, len(workflows.LeverWebhookEvents))
	require.Equal(t, "tok-candidateStageChange", registered.Settings.Lever.WebhookTokens["candidateStageChange"])
	require.Equal(t, workflows.ConnectionDisabled, disabled.State)
	require.Nil(t, disabled.Settings.Lever.OAuth)
	require.Empty(t, disabled.Settings.Lever.WebhookTokens)
	require.Equal(t, []map[string]string{registered.Settings.Lever.Webhooks}, fake.deleted)
	require.Len(t, fake.ended, 1)
	require.Contains(t, fake.ended[0].Query, `CJConnection = "acme"`)
	require.Equal(t, "assessment/acme/", fake.ended[0].WorkflowIDPrefix)
}

func TestConnectionContinuesAsNewWithItsState(t *testing.T) {
	c := newConnectionEnv(t, &fakeLeverGrant{})
	c.connectOAuth()
	var rec workflows.ConnectionRecord
	c.record(&rec)
	c.step += time.Minute
	c.env.RegisterDelayedCallback(func() { c.env.SetContinueAsNewSuggested(true) }, c.step)
	err := c.run(workflows.ConnectionInput{ID: connID})

	var can *workflow.ContinueAsNewError
	require.True(t, errors.As(err, &can), "%v", err)
	var next workflows.ConnectionInput
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
	require.Equal(t, connID, next.ID)
	require.NotZero(t, rec.Version)
	require.Equal(t, rec, *next.Record)
}
