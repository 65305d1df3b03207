package activities

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"golang.org/x/oauth2"

	"github.com/cjlever/cjlever/clients/lever"
)

// ExchangeLeverCode trades the code of an admin's consent for tokens.
func (a *Activities) ExchangeLeverCode(ctx context.Context, in ExchangeCodeInput) (LeverTokens, error) {
	env, err := a.environment(in.Environment)
	if err != nil {
		return LeverTokens{}, err
	}
	tok, err := env.Exchange(ctx, a.OAuth, a.HTTPClient, in.Code)
	if err != nil {
		return LeverTokens{}, grantFailure("exchanging the Lever authorisation code", err)
	}
	return leverTokens(tok), nil
}

// RefreshLeverToken trades a refresh token for new tokens. Lever refusing
// the refresh token (invalid_grant) is final: only an admin can reconnect.
func (a *Activities) RefreshLeverToken(ctx context.Context, in RefreshTokenInput) (LeverTokens, error) {
	env, err := a.environment(in.Environment)
	if err != nil {
		return LeverTokens{}, err
	}
	tok, err := env.Refresh(ctx, a.OAuth, a.HTTPClient, in.RefreshToken)
	if err != nil {
		return LeverTokens{}, grantFailure("refreshing the Lever access token", err)
	}
	return leverTokens(tok), nil
}

func (a *Activities) environment(name string) (lever.Environment, error) {
	env, ok := a.Environments[name]
	if !ok {
		return lever.Environment{}, badInput("unknown Lever environment %q", name)
	}
	return env, nil
}

func leverTokens(tok *oauth2.Token) LeverTokens {
	return LeverTokens{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, Expiry: tok.Expiry,
		Lifetime: time.Duration(tok.ExpiresIn) * time.Second}
}

// grantFailure: invalid_grant needs an admin; any other 4xx from the token
// endpoint (our app's credentials, a bad request) is ours to fix; the rest is
// retried.
func grantFailure(what string, err error) error {
	if errors.Is(err, lever.ErrInvalidGrant) {
		return temporal.NewNonRetryableApplicationError(what+": Lever refused the grant; connect Lever again",
			ErrTypeNeedsReauthorization, nil)
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode/100 == 4 {
		return temporal.NewNonRetryableApplicationError(fmt.Sprintf("%s: Lever's token endpoint answered %d (%s)",
			what, re.Response.StatusCode, re.ErrorCode), ErrTypePermanent, nil)
	}
	// The cause is left out: an oauth2 error may quote the token endpoint's body.
	return temporal.NewApplicationError(what+": Lever's token endpoint did not answer", ErrTypeTransient)
}
