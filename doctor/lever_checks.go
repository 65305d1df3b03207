package doctor

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/cjlever/cjlever/clients/apiclient"
	"github.com/cjlever/cjlever/clients/lever"
)

const checkLeverAccess = "Lever credentials"

// leverFacts is what the Lever checks learnt that the Codejudge checks need.
type leverFacts struct {
	// testTags maps each test id tagged on a published posting to the
	// postings' titles; nil when the postings could not be read.
	testTags map[string][]string
}

// checkLever checks access first: without it the other Lever checks would
// only repeat the same refusal.
func checkLever(ctx context.Context, c Connection, r *Report) leverFacts {
	switch {
	case c.NeedsReauthorization:
		r.add(problem(checkLeverAccess, "Lever refused the connection's grant: it needs re-authorisation",
			"connect Lever again on the settings page ("+c.SettingsURL+")"))
		return leverFacts{}
	case c.LeverErr != nil:
		r.add(problem(checkLeverAccess, "Lever cannot be called: "+c.LeverErr.Error(),
			"connect Lever on the settings page ("+c.SettingsURL+"); if it is connected, make sure a cjlever worker runs: the connection's workflow hands out its access tokens"))
		return leverFacts{}
	}
	stages, err := c.Lever.ListStages(ctx)
	if err != nil {
		r.add(leverAccessProblem(c, err))
		return leverFacts{}
	}
	r.add(ok(checkLeverAccess, "Lever accepted the connection's "+credentialWords(c)))
	r.add(checkTriggerStage(c, stages))
	for _, f := range checkPerformAs(ctx, c) {
		r.add(f)
	}
	for _, f := range checkWebhooks(ctx, c) {
		r.add(f)
	}
	tags, f := readTestTags(ctx, c)
	r.add(f)
	return leverFacts{testTags: tags}
}

func credentialWords(c Connection) string {
	if c.OAuth {
		return "OAuth access token"
	}
	return "API key"
}

// leverAccessProblem says why Lever refused the first call, and what to do.
func leverAccessProblem(c Connection, err error) Finding {
	switch statusOf(err) {
	case http.StatusUnauthorized:
		if c.OAuth {
			return problem(checkLeverAccess, "Lever refused the connection's access token",
				"connect Lever again on the settings page ("+c.SettingsURL+")")
		}
		return problem(checkLeverAccess, "Lever refused the connection's API key",
			"put a valid key (Lever: Settings > Integrations and API > API Credentials) in the connection's lever.apiKey "+where(c))
	case http.StatusForbidden:
		return problem(checkLeverAccess, "Lever refused to list the stages: the "+credentialWords(c)+" lacks a permission",
			permissionFix(c))
	}
	return problem(checkLeverAccess, "Lever could not be reached: "+err.Error(),
		"check that Lever (the connection's lever.baseUrl) can be reached from here, then run the doctor again")
}

func permissionFix(c Connection) string {
	if c.OAuth {
		return "connect Lever again on the settings page (" + c.SettingsURL + ") and accept every permission asked"
	}
	return "give the API key read access to stages, users, postings and webhooks in Lever (Settings > Integrations and API > API Credentials)"
}

// statusOf is the HTTP status of a failed client call, 0 if none came.
func statusOf(err error) int {
	var apiErr *apiclient.Error
	if errors.As(err, &apiErr) {
		return apiErr.Status
	}
	return 0
}

// where is where a connection's settings are changed: the settings page
// for one connected there, the connections file for an API-key one.
func where(c Connection) string {
	if c.OAuth {
		return "on the settings page (" + c.SettingsURL + ")"
	}
	return "in the connections file (CJLEVER_CONNECTIONS_FILE)"
}

func checkTriggerStage(c Connection, stages []lever.Stage) Finding {
	const check = "trigger stage"
	fix := "choose the stage that sends the assessment " + where(c)
	if c.TriggerStageID == "" {
		return problem(check, "no trigger stage is set", fix)
	}
	for _, s := range stages {
		if s.ID == c.TriggerStageID {
			return ok(check, fmt.Sprintf("%q (%s) is a stage of the account", s.Text, s.ID))
		}
	}
	return problem(check, fmt.Sprintf("stage %s is not among the account's %d stages, so no candidate can enter it and none is assessed",
		c.TriggerStageID, len(stages)), fix)
}

// checkPerformAs checks the user notes and tags are written as, when set.
func checkPerformAs(ctx context.Context, c Connection) []Finding {
	const check = "perform-as user"
	if c.PerformAs == "" {
		return nil
	}
	users, err := c.Lever.ListUsers(ctx)
	if err != nil {
		return []Finding{problem(check, "could not list Lever's users: "+err.Error(), permissionFix(c))}
	}
	for _, u := range users {
		if u.ID == c.PerformAs {
			return []Finding{ok(check, "Lever user "+u.ID+" exists")}
		}
	}
	return []Finding{problem(check, "Lever user "+c.PerformAs+", whom notes and tags are written as, is not in the account",
		"set performAs to the id of an active Lever user "+where(c))}
}
