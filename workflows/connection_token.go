package workflows

import (
	"errors"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/activities"
)

func (w *connection) validateLeverToken(LeverTokenRequest) error {
	if err := w.usable(); err != nil {
		return err
	}
	if w.rec.Settings.Lever.OAuth == nil {
		return invalid("connection " + w.id + " is not connected to Lever over OAuth")
	}
	return nil
}

// usable refuses a connection whose Lever calls cannot succeed, with an
// error type the caller recognises.
func (w *connection) usable() error {
	switch w.rec.State {
	case ConnectionNeedsReauthorization:
		return temporal.NewNonRetryableApplicationError("connection "+w.id+" needs to be connected to Lever again: "+w.rec.LastError,
			ErrTypeNeedsReauthorization, nil)
	case ConnectionDisabled:
		return temporal.NewNonRetryableApplicationError("connection "+w.id+" is disabled", ErrTypeConnectionDisabled, nil)
	}
	return nil
}

// leverToken returns a valid access token, refreshing it first when it
// expires soon or when the caller's (the current one) was refused.
func (w *connection) leverToken(ctx workflow.Context, req LeverTokenRequest) (LeverAccessToken, error) {
	unlock, err := lock(ctx, w.tokens)
	if err != nil {
		return LeverAccessToken{}, err
	}
	defer unlock()
	if err := w.freshToken(ctx, req.Stale); err != nil {
		return LeverAccessToken{}, err
	}
	tok := w.rec.Settings.Lever.OAuth
	return LeverAccessToken{AccessToken: tok.AccessToken, Expiry: tok.Expiry, Lifetime: tok.Lifetime}, nil
}

// freshToken makes sure an OAuth connection's access token is valid for at
// least activities.TokenRefreshMargin and is not stale. Callers hold the tokens lock, so
// a caller that queued behind a refresh finds the new token and refreshes
// nothing. An API-key connection needs nothing.
func (w *connection) freshToken(ctx workflow.Context, stale string) error {
	if err := w.usable(); err != nil {
		return err
	}
	tok := w.rec.Settings.Lever.OAuth
	if tok == nil {
		return nil
	}
	expiresSoon := workflow.Now(ctx).Add(activities.TokenRefreshMargin(tok.Lifetime)).After(tok.Expiry)
	if !expiresSoon && (stale == "" || stale != tok.AccessToken) {
		return nil
	}
	return w.refresh(ctx)
}

// refresh trades the refresh token for new tokens and stores them at once:
// Lever rotates refresh tokens, so the old one may be refused from now on.
func (w *connection) refresh(ctx workflow.Context) error {
	tokens, err := refreshLeverToken(ctx, activities.RefreshTokenInput{
		Environment: w.rec.Settings.Environment, RefreshToken: w.rec.Settings.Lever.OAuth.RefreshToken,
	})
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) && appErr.Type() == ErrTypeNeedsReauthorization {
		w.rec.State, w.rec.LastError = ConnectionNeedsReauthorization, "Lever refused the refresh token; an admin must connect Lever again"
		w.changed(ctx)
		w.logger.Warn("Lever grant refused: the connection needs re-authorisation")
		return w.usable()
	}
	if err != nil {
		return err
	}
	if tokens.RefreshToken == "" {
		tokens.RefreshToken = w.rec.Settings.Lever.OAuth.RefreshToken
	}
	// Not a new version: nothing a client is built from changed.
	w.rec.Settings.Lever.OAuth = &tokens
	w.rec.UpdatedAt = workflow.Now(ctx)
	w.logger.Info("Lever access token refreshed", "expiry", tokens.Expiry)
	return nil
}
