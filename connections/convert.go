package connections

import (
	"maps"
	"slices"

	"github.com/cjlever/cjlever/activities"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/workflows"
)

// toConfig is a record as the gateway and the activities read it.
func toConfig(rec workflows.ConnectionRecord) config.Connection {
	s := rec.Settings
	c := config.Connection{
		ID: s.ID, TriggerStageID: s.TriggerStageID, PerformAs: s.PerformAs,
		Lever: config.LeverAccount{
			Environment: s.Environment, BaseURL: s.Lever.BaseURL, APIKey: config.Secret(s.Lever.APIKey),
			NeedsReauthorization: rec.State == workflows.ConnectionNeedsReauthorization,
			WebhookTokens:        secrets(s.Lever.WebhookTokens),
			Webhooks:             maps.Clone(s.Lever.Webhooks),
		},
		Codejudge: config.CodejudgeAccount{BaseURL: s.Codejudge.BaseURL, APIKey: config.Secret(s.Codejudge.APIKey),
			CallbackSecret: config.Secret(s.Codejudge.CallbackSecret)},
		Version:    rec.Version,
		Disabled:   rec.State == workflows.ConnectionDisabled,
		ScoreBands: convertBands[config.ScoreBands](s.ScoreBands), PostingScoreBands: convertBandsMap[config.ScoreBands](s.PostingScoreBands),
	}
	if t := s.Lever.OAuth; t != nil {
		c.Lever.OAuth = &config.LeverOAuth{AccessToken: config.Secret(t.AccessToken),
			RefreshToken: config.Secret(t.RefreshToken), Expiry: t.Expiry}
	}
	return c
}

// fromConfig is a connection (a file's, the dev sandbox's) on the wire.
func fromConfig(c config.Connection) workflows.ConnectionSettings {
	s := workflows.ConnectionSettings{
		ID: c.ID, Environment: c.Lever.Environment, TriggerStageID: c.TriggerStageID, PerformAs: c.PerformAs,
		Lever: workflows.LeverSettings{BaseURL: c.Lever.BaseURL, APIKey: c.Lever.APIKey.Reveal(),
			WebhookTokens: plain(c.Lever.WebhookTokens), Webhooks: maps.Clone(c.Lever.Webhooks)},
		Codejudge: workflows.CodejudgeSettings{BaseURL: c.Codejudge.BaseURL, APIKey: c.Codejudge.APIKey.Reveal(),
			CallbackSecret: c.Codejudge.CallbackSecret.Reveal()},
		ScoreBands: convertBands[workflows.ScoreBands](c.ScoreBands), PostingScoreBands: convertBandsMap[workflows.ScoreBands](c.PostingScoreBands),
	}
	if t := c.Lever.OAuth; t != nil {
		s.Lever.OAuth = &activities.LeverTokens{AccessToken: t.AccessToken.Reveal(),
			RefreshToken: t.RefreshToken.Reveal(), Expiry: t.Expiry}
	}
	return s
}

// toView is a record without its secrets.
func toView(rec workflows.ConnectionRecord) View {
	s := rec.Settings
	v := View{
		ID: s.ID, Environment: s.Environment, TriggerStageID: s.TriggerStageID, PerformAs: s.PerformAs,
		State: rec.State, LastError: rec.LastError, UpdatedAt: rec.UpdatedAt,
		WebhookEvents:      nonEmptyKeys(s.Lever.WebhookTokens),
		RegisteredWebhooks: slices.Sorted(maps.Keys(s.Lever.Webhooks)),
	}
	switch {
	case s.Lever.OAuth != nil:
		v.Auth = AuthOAuth
	case s.Lever.APIKey != "":
		v.Auth = AuthAPIKey
	}
	for _, st := range rec.Stages {
		v.Stages = append(v.Stages, Stage{ID: st.ID, Text: st.Text})
	}
	return v
}

func secrets(m map[string]string) map[string]config.Secret {
	if m == nil {
		return nil
	}
	out := make(map[string]config.Secret, len(m))
	for k, v := range m {
		out[k] = config.Secret(v)
	}
	return out
}

func plain(m map[string]config.Secret) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v.Reveal()
	}
	return out
}

func nonEmptyKeys(m map[string]string) []string {
	var keys []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if m[k] != "" {
			keys = append(keys, k)
		}
	}
	return keys
}
