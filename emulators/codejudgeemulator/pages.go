package codejudgeemulator

import (
	"bytes"
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"
)

// The HTML pages need no key: in production they sit behind Codejudge's own
// login, and in the sandbox the unguessable invite id is the only guard. They
// show the candidate's name but never the email.

const pagesHTML = `
{{define "head"}}<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{.}} · Codejudge sandbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse}td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}
.flag{color:#b00020;font-weight:bold}small{color:#666}</style></head><body>{{end}}

{{define "report"}}{{template "head" "Report"}}
<h1>{{.TestName}}</h1>
<p>Candidate: {{.Candidate.Name}}<br><small>Invite {{.ID}} · test {{.TestID}}</small></p>
{{with .Result}}
<p><strong>{{.Score}} / {{.MaxScore}}</strong> ({{printf "%.1f" .Percentage}}%) in {{.TimeTakenSeconds}} s</p>
<table><tr><th>Section</th><th>Score</th></tr>
{{range .Sections}}<tr><td>{{.Name}}</td><td>{{.Score}} / {{.MaxScore}}</td></tr>{{end}}
</table>
{{if .PlagiarismFlagged}}<p class="flag">Plagiarism flagged{{with .PlagiarismDetails}}: {{.}}{{end}}</p>{{end}}
{{else}}<p>No result yet: the invite is {{.Status}}.</p>{{end}}
<p><small>Codejudge sandbox report</small></p></body></html>{{end}}

{{define "take"}}{{template "head" "Test"}}
<h1>{{.TestName}}</h1>
<p>Hello {{.Candidate.Name}}. In production the {{.TestID}} test would open here.</p>
<p>This invite is <strong>{{.Status}}</strong> and expires at {{.ExpiresAt.Format "2006-01-02 15:04 MST"}}.</p>
<p><small>Sandbox: play the candidate with
<code>POST /sandbox/invites/{{.ID}}/complete {"score": N}</code>.</small></p></body></html>{{end}}

{{define "missing"}}{{template "head" "Not found"}}<h1>No such invite</h1></body></html>{{end}}
`

func parsePages() *template.Template {
	return template.Must(template.New("pages").Parse(pagesHTML))
}

func (e *Emulator) handleReportPage(c *gin.Context) { e.page(c, "report") }

func (e *Emulator) handleTakePage(c *gin.Context) { e.page(c, "take") }

// page renders the invite named in the path with one of the templates.
func (e *Emulator) page(c *gin.Context, name string) {
	inv, err := e.getInvite("", c.Param("id"))
	status := http.StatusOK
	var data any = inv
	if err != nil {
		name, status, data = "missing", http.StatusNotFound, nil
	}
	var buf bytes.Buffer
	if err := e.pages.ExecuteTemplate(&buf, name, data); err != nil {
		e.log.Error("codejudge emulator: rendering page", "page", name, "err", err)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}
