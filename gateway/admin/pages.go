package admin

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// listBody is the body of list.html.
type listBody struct {
	Connections  []connectionRow
	Environments []string
}

func (a *Admin) listPage(c *gin.Context) {
	views, err := a.store.List(c.Request.Context())
	if err != nil {
		a.storeFailed(c, err, "")
		return
	}
	rows := make([]connectionRow, len(views))
	for i, v := range views {
		rows[i] = newRow(v)
	}
	a.pages.render(c, http.StatusOK, "list.html", "Lever connections",
		listBody{Connections: rows, Environments: a.environments})
}

func (a *Admin) createConnection(c *gin.Context) {
	nc := NewConnection{
		ID:                      formValue(c, "id"),
		Environment:             formValue(c, "environment"),
		PerformAs:               formValue(c, "perform_as"),
		CodejudgeAPIKey:         formValue(c, "codejudge_api_key"),
		CodejudgeCallbackSecret: formValue(c, "codejudge_callback_secret"),
	}
	if err := a.store.Create(c.Request.Context(), nc); err != nil {
		a.storeFailed(c, err, "")
		return
	}
	c.Redirect(http.StatusSeeOther, connectionURL(nc.ID)+"?done=created")
}

func (a *Admin) connectionPage(c *gin.Context) {
	v, err := a.store.View(c.Request.Context(), c.Param("id"))
	if err != nil {
		a.storeFailed(c, err, "")
		return
	}
	a.pages.render(c, http.StatusOK, "connection.html", "Connection "+v.ID, a.newDetail(v))
}

func (a *Admin) saveConnection(c *gin.Context) {
	id := c.Param("id")
	s := Settings{
		TriggerStageID: formValue(c, "trigger_stage"),
		PerformAs:      formValue(c, "perform_as"),
		WebhookTokens:  map[string]string{},
	}
	for _, e := range webhookEvents {
		if tok := formValue(c, "token_"+e.Event); tok != "" {
			s.WebhookTokens[e.Event] = tok
		}
	}
	if err := a.store.Save(c.Request.Context(), id, s); err != nil {
		a.storeFailed(c, err, id)
		return
	}
	c.Redirect(http.StatusSeeOther, connectionURL(id)+"?done=saved")
}

func (a *Admin) registerWebhooks(c *gin.Context) {
	id := c.Param("id")
	if err := a.store.RegisterWebhooks(c.Request.Context(), id, a.webhookURL(id)); err != nil {
		a.storeFailed(c, err, id)
		return
	}
	c.Redirect(http.StatusSeeOther, connectionURL(id)+"?done=webhooks")
}

// disablePage is the confirmation step before Disable.
func (a *Admin) disablePage(c *gin.Context) {
	v, err := a.store.View(c.Request.Context(), c.Param("id"))
	if err != nil {
		a.storeFailed(c, err, "")
		return
	}
	a.pages.render(c, http.StatusOK, "disable.html", "Disable "+v.ID, a.newDetail(v))
}

func (a *Admin) disableConnection(c *gin.Context) {
	id := c.Param("id")
	if err := a.store.Disable(c.Request.Context(), id); err != nil {
		a.storeFailed(c, err, id)
		return
	}
	c.Redirect(http.StatusSeeOther, connectionURL(id)+"?done=disabled")
}

// formValue reads a form field without surrounding spaces: pasted values
// often carry some.
func formValue(c *gin.Context, name string) string {
	return strings.TrimSpace(c.PostForm(name))
}

// storeFailed shows a Store error: a refused change with its own message
// (400), an unknown connection (404), anything else as the store being
// unreachable (502), without internals, which go to the log. id, when set,
// is the connection page to go back to.
func (a *Admin) storeFailed(c *gin.Context, err error, id string) {
	back, backText := "/settings", "Back to all connections"
	if id != "" {
		back, backText = connectionURL(id), "Back to the connection"
	}
	switch {
	case errors.Is(err, ErrInvalid):
		a.pages.renderMessage(c, http.StatusBadRequest, message{Heading: "That change was not made",
			Text: err.Error(), BackURL: back, BackText: backText})
	case errors.Is(err, ErrNotFound):
		a.pages.renderMessage(c, http.StatusNotFound, message{Heading: "No such connection",
			Text: "There is no connection with this name. It may have been mistyped.", BackURL: "/settings", BackText: "Back to all connections"})
	default:
		a.log.Warn("settings page: connection store failed", "path", c.FullPath(), "error", err)
		a.pages.renderMessage(c, http.StatusBadGateway, message{Heading: "Could not reach the connection store",
			Text: "Please try again in a moment. If this keeps happening, ask whoever runs cjlever to check that Temporal is up.", BackURL: back, BackText: backText})
	}
}
