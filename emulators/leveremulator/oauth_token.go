package leveremulator

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/emulators/internal/emulatorhttp"
)

// oauthError is an error answer in OAuth's shape (RFC 6749, 5.2).
type oauthError struct {
	Status      int    `json:"-"`
	Code        string `json:"error"`
	Description string `json:"error_description"`
}

func (e *oauthError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Description) }

func (e *oauthError) HTTPStatus() int { return e.Status }

func errOAuth(status int, code, description string) *oauthError {
	return &oauthError{Status: status, Code: code, Description: description}
}

// errInvalidGrant is a code or refresh token refused: Lever's token server
// (Auth0) answers it with a 403.
func errInvalidGrant(description string) *oauthError {
	return errOAuth(http.StatusForbidden, "invalid_grant", description)
}

// handleToken is POST /oauth/token: a form with the client's credentials (in
// the body or as HTTP Basic) and an authorization_code or refresh_token
// grant.
func (e *Emulator) handleToken(c *gin.Context) {
	resp, err := e.token(c)
	if err != nil {
		emulatorhttp.WriteError(c, err, errOAuth(http.StatusInternalServerError, "server_error", "internal error"))
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, resp)
}

func (e *Emulator) token(c *gin.Context) (tokenResponse, error) {
	if err := c.Request.ParseForm(); err != nil {
		return tokenResponse{}, errOAuth(http.StatusBadRequest, "invalid_request", "The body must be a form")
	}
	clientID, secret, basic := c.Request.BasicAuth()
	if !basic {
		clientID, secret = c.PostForm("client_id"), c.PostForm("client_secret")
	}
	if err := e.oauth.authenticateClient(clientID, secret); err != nil {
		return tokenResponse{}, err
	}
	grantType := c.PostForm("grant_type")
	e.oauth.countTokenRequest(clientID, grantType)
	switch grantType {
	case "authorization_code":
		return e.oauth.redeemCode(clientID, c.PostForm("code"), c.PostForm("redirect_uri"))
	case "refresh_token":
		return e.oauth.redeemRefreshToken(clientID, c.PostForm("refresh_token"))
	default:
		return tokenResponse{}, errOAuth(http.StatusBadRequest, "unsupported_grant_type",
			"grant_type must be authorization_code or refresh_token")
	}
}
