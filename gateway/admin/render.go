package admin

import (
	"embed"
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"
)

//go:embed templates/*.html
var templateFiles embed.FS

// pages are the parsed templates, one set per page, each with the layout.
type pages map[string]*template.Template

var pageNames = []string{"signin.html", "list.html", "connection.html", "disable.html", "message.html"}

func parsePages() pages {
	p := pages{}
	for _, name := range pageNames {
		p[name] = template.Must(template.New(name).ParseFS(templateFiles, "templates/layout.html", "templates/"+name))
	}
	return p
}

// page is what every template gets; Body is the page's own data.
type page struct {
	Title string
	CSRF  string // the session's form token; "" when signed out
	Nonce string // allows the page's own inline style and script
	Flash string
	Body  any
}

// message is the body of message.html: errors, confirmations, "page off".
type message struct {
	Heading, Text string
	BackURL       string
	BackText      string
}

// render writes the named page. Nothing in data is trusted: html/template
// escapes it all, and no template.HTML is ever built from input.
func (p pages) render(c *gin.Context, status int, name, title string, body any) {
	data := page{Title: title, CSRF: c.GetString(csrfTokenKey), Nonce: c.GetString(nonceKey),
		Flash: flashText(c.Query("done")), Body: body}
	c.Status(status)
	c.Header("Content-Type", "text/html; charset=utf-8")
	if err := p[name].ExecuteTemplate(c.Writer, "layout", data); err != nil {
		_ = c.Error(err) // the status is written; the client sees a cut page
	}
	c.Abort()
}

// renderMessage writes message.html.
func (p pages) renderMessage(c *gin.Context, status int, m message) {
	p.render(c, status, "message.html", m.Heading, m)
}

// flashes are the confirmations a redirect may ask for with ?done=; only
// these fixed texts are ever shown.
var flashes = map[string]string{
	"created":    "The connection was added. Next: connect it to Lever.",
	"connected":  "Lever is connected. Now choose the trigger stage and click Save, then register the webhooks.",
	"saved":      "Your changes are saved.",
	"webhooks":   "The webhooks are registered in Lever.",
	"disabled":   "The connection is disabled.",
	"denied":     "Lever access was not granted, so nothing changed. Click \"Connect Lever\" to try again.",
	"signed-out": "You are signed out.",
}

func flashText(key string) string { return flashes[key] }

// MountOff answers every /settings page with why the page is off (503), so
// an admin who opens it learns how to turn it on.
func MountOff(r gin.IRouter, why string) {
	p := parsePages()
	off := func(c *gin.Context) {
		securityHeaders(c)
		p.renderMessage(c, http.StatusServiceUnavailable, message{Heading: "Settings are turned off", Text: why})
	}
	r.Any("/settings", off)
	r.Any("/settings/*path", off)
}
