package workflows

import (
	"crypto/subtle"

	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

func (w *connection) validateBeginOAuth(in BeginOAuthInput) error {
	if err := w.requireExisting(); err != nil {
		return err
	}
	switch {
	case w.rec.Settings.Environment == "":
		return invalid("connection " + w.id + " uses an API key; it has no Lever environment to connect over OAuth")
	case in.StateDigest == "":
		return invalid("the OAuth state is missing")
	}
	return nil
}

// beginOAuth records the consent's state; a new consent replaces an older
// one that was never completed.
func (w *connection) beginOAuth(ctx workflow.Context, in BeginOAuthInput) error {
	unlock, err := lock(ctx, w.changes)
	if err != nil {
		return err
	}
	defer unlock()
	w.rec.Pending = &PendingOAuth{StateDigest: in.StateDigest, ExpiresAt: workflow.Now(ctx).Add(OAuthStateLifetime)}
	w.changed(ctx)
	return nil
}

// validateCompleteOAuth refuses a state that is not the pending one, or has
// expired. Validators see the state before a concurrent consumer changed it,
// so the handler checks again.
func (w *connection) validateCompleteOAuth(ctx workflow.Context, in CompleteOAuthInput) error {
	if in.Code == "" {
		return invalid("Lever sent no authorisation code")
	}
	return w.checkPending(ctx, in.StateDigest)
}

func (w *connection) checkPending(ctx workflow.Context, digest string) error {
	p := w.rec.Pending
	switch {
	case p == nil || subtle.ConstantTimeCompare([]byte(p.StateDigest), []byte(digest)) != 1:
		return invalid("this Lever authorisation is unknown or was already used; connect again")
	case workflow.Now(ctx).After(p.ExpiresAt):
		return invalid("this Lever authorisation took too long; connect again")
	}
	return nil
}

// completeOAuth consumes the state, exchanges the code for tokens and reads
// the account's stages. The state is spent even if the exchange fails: a
// code is single use too.
func (w *connection) completeOAuth(ctx workflow.Context, in CompleteOAuthInput) error {
	unlock, err := lock(ctx, w.changes)
	if err != nil {
		return err
	}
	defer unlock()
	if err := w.checkPending(ctx, in.StateDigest); err != nil {
		return err
	}
	w.rec.Pending = nil
	w.changed(ctx)
	tokens, err := exchangeLeverCode(ctx, activities.ExchangeCodeInput{Environment: w.rec.Settings.Environment, Code: in.Code})
	if err != nil {
		w.rec.LastError = "connecting Lever failed: " + recruiterReason(err)
		return err
	}
	unlockTokens, err := lock(ctx, w.tokens)
	if err != nil {
		return err
	}
	defer unlockTokens()
	w.rec.Settings.Lever.APIKey, w.rec.Settings.Lever.OAuth = "", &tokens
	w.rec.State, w.rec.LastError = ConnectionActive, ""
	w.changed(ctx)
	w.logger.Info("Lever connected over OAuth", "version", w.rec.Version)
	w.readStages(ctx)
	return nil
}

// readStages refreshes the account's stages; a failure is recorded, not
// fatal: the connection works without them, the page just cannot list them.
func (w *connection) readStages(ctx workflow.Context) {
	stages, err := listLeverStages(ctx, w.credentials())
	if err != nil {
		w.rec.LastError = "could not read the Lever stages: " + recruiterReason(err)
		return
	}
	w.rec.Stages = stages
	w.changed(ctx)
}

// credentials are what an activity needs to call Lever now. Callers hold
// the tokens lock and made sure the access token is fresh.
func (w *connection) credentials() activities.LeverCredentials {
	l := w.rec.Settings.Lever
	c := activities.LeverCredentials{BaseURL: l.BaseURL, APIKey: l.APIKey}
	if l.OAuth != nil {
		c.AccessToken = l.OAuth.AccessToken
	}
	return c
}
