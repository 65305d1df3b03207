package workflows

import (
	"slices"

	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

// validateSettings checks what every stored connection needs; the
// Directory checks the rest (URLs, known environments) before sending.
func (w *connection) validateSettings(s ConnectionSettings) error {
	switch {
	case s.ID != w.id:
		return invalid("the settings are for connection " + s.ID + ", not " + w.id)
	case s.Lever.BaseURL == "":
		return invalid("the Lever API base URL is required")
	case s.Codejudge.BaseURL == "" || s.Codejudge.APIKey == "" || s.Codejudge.CallbackSecret == "":
		return invalid("the Codejudge base URL, API key and callback secret are required")
	}
	return nil
}

func (w *connection) validateApply(s ConnectionSettings) error {
	return w.validateSettings(s)
}

// apply replaces the settings (a connections file, the dev sandbox). An
// applied connection is Active when it brings Lever credentials.
func (w *connection) apply(ctx workflow.Context, s ConnectionSettings) error {
	unlock, err := lock(ctx, w.changes)
	if err != nil {
		return err
	}
	defer unlock()
	w.rec.Settings = s
	w.rec.State = ConnectionNotConnected
	if s.Lever.APIKey != "" || s.Lever.OAuth != nil {
		w.rec.State = ConnectionActive
	}
	w.rec.Pending, w.rec.LastError = nil, ""
	w.changed(ctx)
	w.logger.Info("connection applied", "state", w.rec.State, "version", w.rec.Version)
	return nil
}

func (w *connection) validateCreate(s ConnectionSettings) error {
	if w.rec.Version > 0 {
		return invalid("a connection with id " + w.id + " already exists")
	}
	if s.Environment == "" {
		return invalid("choose the Lever environment")
	}
	return w.validateSettings(s)
}

// create stores a new connection; Lever is connected later, over OAuth.
func (w *connection) create(ctx workflow.Context, s ConnectionSettings) error {
	unlock, err := lock(ctx, w.changes)
	if err != nil {
		return err
	}
	defer unlock()
	s.Lever.APIKey, s.Lever.OAuth = "", nil
	w.rec.Settings, w.rec.State = s, ConnectionNotConnected
	w.changed(ctx)
	w.logger.Info("connection created", "environment", s.Environment)
	return nil
}

func (w *connection) validateSave(in SaveConnectionInput) error {
	if err := w.requireExisting(); err != nil {
		return err
	}
	if in.TriggerStageID == "" {
		return invalid("choose the trigger stage")
	}
	if len(w.rec.Stages) > 0 && !slices.ContainsFunc(w.rec.Stages, func(s activities.LeverStage) bool { return s.ID == in.TriggerStageID }) {
		return invalid("the trigger stage " + in.TriggerStageID + " is not one of the Lever account's stages")
	}
	return nil
}

// save changes the trigger stage, the user notes are written as, and any
// webhook signature token given.
func (w *connection) save(ctx workflow.Context, in SaveConnectionInput) error {
	unlock, err := lock(ctx, w.changes)
	if err != nil {
		return err
	}
	defer unlock()
	w.rec.Settings.TriggerStageID, w.rec.Settings.PerformAs = in.TriggerStageID, in.PerformAs
	w.setWebhookTokens(in.WebhookTokens)
	w.changed(ctx)
	w.logger.Info("connection saved", "triggerStage", in.TriggerStageID, "version", w.rec.Version)
	return nil
}

// setWebhookTokens stores the non-empty tokens given, by event.
func (w *connection) setWebhookTokens(tokens map[string]string) {
	if w.rec.Settings.Lever.WebhookTokens == nil {
		w.rec.Settings.Lever.WebhookTokens = map[string]string{}
	}
	for _, event := range workflow.DeterministicKeys(tokens) {
		if tokens[event] != "" {
			w.rec.Settings.Lever.WebhookTokens[event] = tokens[event]
		}
	}
}

// requireExisting refuses a change to a connection never created or applied.
func (w *connection) requireExisting() error {
	if w.rec.Version == 0 {
		return invalid("there is no connection " + w.id)
	}
	return nil
}
