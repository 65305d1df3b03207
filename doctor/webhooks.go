package doctor

import (
	"context"
	"strings"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/workflows"
)

// RequiredEvents are the Lever webhooks an assessment needs: a new
// application, a stage change, an archive.
var RequiredEvents = workflows.LeverWebhookEvents

// checkWebhooks checks each required event has a webhook pointing at this
// gateway. Lever's API does not say whether an event's webhooks are switched
// on, so that is a note for a person to look at.
func checkWebhooks(ctx context.Context, c Connection) []Finding {
	hooks, err := c.Lever.ListWebhooks(ctx)
	if err != nil {
		return []Finding{problem("webhooks", "could not list Lever's webhooks: "+err.Error(), permissionFix(c))}
	}
	var out []Finding
	for _, event := range RequiredEvents {
		out = append(out, checkWebhook(c, event, hooks))
	}
	return append(out, note("webhooks switched on", "Lever's API does not say whether an event's webhooks are switched on",
		"in Lever, Settings > Integrations and API > Webhooks, check that "+strings.Join(RequiredEvents, ", ")+" are switched on"))
}

func checkWebhook(c Connection, event string, hooks []lever.Webhook) Finding {
	check := event + " webhook"
	var elsewhere []string
	for _, h := range hooks {
		if h.Event != event {
			continue
		}
		if sameURL(h.URL, c.WebhookURL) {
			return ok(check, "registered, pointing at "+c.WebhookURL)
		}
		elsewhere = append(elsewhere, h.URL)
	}
	if len(elsewhere) > 0 {
		return problem(check, "points at "+strings.Join(elsewhere, ", ")+", not at this gateway's "+c.WebhookURL, webhookFix(c, event))
	}
	return problem(check, "not registered in Lever", webhookFix(c, event))
}

func webhookFix(c Connection, event string) string {
	if c.OAuth {
		return "press \"Register webhooks in Lever\" on the settings page (" + c.SettingsURL + "): it registers " +
			strings.Join(RequiredEvents, ", ") + " at " + c.WebhookURL
	}
	return "in Lever, Settings > Integrations and API > Webhooks, add " + c.WebhookURL + " for " + event +
		" and put its signature token in lever.webhookTokens." + event + " in the connections file"
}

func sameURL(a, b string) bool { return strings.TrimRight(a, "/") == strings.TrimRight(b, "/") }
