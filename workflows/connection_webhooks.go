package workflows

import (
	"fmt"
	"net/url"

	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

func (w *connection) validateRegisterWebhooks(in RegisterWebhooksInput) error {
	if err := w.requireExisting(); err != nil {
		return err
	}
	if err := w.usable(); err != nil {
		return invalid(err.Error())
	}
	if w.rec.State != ConnectionActive {
		return invalid("connect Lever first")
	}
	u, err := url.Parse(in.WebhookURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return invalid("the webhook URL must be an absolute http(s) URL")
	}
	return nil
}

// registerWebhooks registers our webhooks with Lever (replacing any we
// registered before) and keeps their ids and signature tokens.
func (w *connection) registerWebhooks(ctx workflow.Context, in RegisterWebhooksInput) error {
	unlock, err := lock(ctx, w.changes)
	if err != nil {
		return err
	}
	defer unlock()
	unlockTokens, err := lock(ctx, w.tokens)
	if err != nil {
		return err
	}
	defer unlockTokens()
	if err := w.freshToken(ctx, ""); err != nil {
		return err
	}
	hooks, err := registerLeverWebhooks(ctx, activities.RegisterWebhooksInput{
		Lever: w.credentials(), URL: in.WebhookURL, Events: LeverWebhookEvents, Replace: w.rec.Settings.Lever.Webhooks,
	})
	if err != nil {
		w.rec.LastError = "registering the Lever webhooks failed: " + recruiterReason(err)
		w.changed(ctx)
		return err
	}
	ids, tokens := map[string]string{}, map[string]string{}
	for _, event := range workflow.DeterministicKeys(hooks) {
		ids[event], tokens[event] = hooks[event].ID, hooks[event].Token
	}
	w.rec.Settings.Lever.Webhooks = ids
	w.setWebhookTokens(tokens)
	w.rec.LastError = ""
	w.changed(ctx)
	w.logger.Info("Lever webhooks registered", "count", len(ids))
	return nil
}

func (w *connection) validateDisable() error {
	if err := w.requireExisting(); err != nil {
		return err
	}
	if w.rec.State == ConnectionDisabled {
		return invalid("connection " + w.id + " is already disabled")
	}
	return nil
}

// disable ends the connection's running assessments (each gets a note while
// the grant still works), deletes the webhooks we registered, and forgets
// every Lever credential and webhook token.
func (w *connection) disable(ctx workflow.Context) error {
	unlock, err := lock(ctx, w.changes)
	if err != nil {
		return err
	}
	defer unlock()
	ended, err := endConnectionAssessments(ctx, activities.EndAssessmentsInput{
		ConnectionID: w.id, Query: runningAssessmentsQuery(w.id),
		WorkflowIDPrefix: AssessmentWorkflowID(w.id, ""), Note: connectionDisabledNote(),
	})
	if err != nil {
		return err
	}
	w.logger.Info("assessments ended", "cancelled", ended.Cancelled, "noted", ended.Noted)
	unlockTokens, err := lock(ctx, w.tokens)
	if err != nil {
		return err
	}
	defer unlockTokens()
	w.deleteWebhooks(ctx)
	lever := &w.rec.Settings.Lever
	lever.APIKey, lever.OAuth, lever.WebhookTokens, lever.Webhooks = "", nil, nil, nil
	w.rec.State, w.rec.Pending = ConnectionDisabled, nil
	w.changed(ctx)
	w.logger.Info("connection disabled")
	return nil
}

// deleteWebhooks deletes the webhooks we registered, when Lever still lets
// us; otherwise it records that they are left for an admin to delete.
func (w *connection) deleteWebhooks(ctx workflow.Context) {
	if len(w.rec.Settings.Lever.Webhooks) == 0 {
		return
	}
	err := w.freshToken(ctx, "")
	if err == nil {
		err = deleteLeverWebhooks(ctx, activities.DeleteWebhooksInput{Lever: w.credentials(), IDs: w.rec.Settings.Lever.Webhooks})
	}
	if err != nil {
		w.rec.LastError = "the Lever webhooks could not be deleted; delete them in Lever: " + recruiterReason(err)
	}
}

// runningAssessmentsQuery lists a connection's running assessments.
func runningAssessmentsQuery(connectionID string) string {
	return fmt.Sprintf("%s = %q AND WorkflowType = %q AND ExecutionStatus = 'Running'",
		SearchAttrConnection.GetName(), connectionID, CandidateAssessmentWorkflowName)
}
