package doctor

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/emulators/codejudgeemulator"
	"github.com/cjlever/cjlever/emulators/leveremulator"
)

const (
	leverKey     = "lever-key-not-to-print"
	codejudgeKey = "codejudge-key-not-to-print"
	webhookURL   = "https://gateway.example/webhooks/lever/c1"
	settingsURL  = "https://gateway.example/settings/connections/c1"
)

// setup is a clean connection over both emulators, with Lever's webhooks
// registered at webhookURL; a test plants one problem in it.
type setup struct {
	conn     Connection
	lever    *lever.Client // the account's own client, to plant problems
	leverURL string
	cjURL    string
}

// newSetup serves the emulators; tests is Codejudge's catalogue (nil: the
// sandbox's, which knows the sandbox posting's CJ-81519).
func newSetup(t *testing.T, tests []codejudge.Test) *setup {
	t.Helper()
	leverURL, seed := serveLever(t)
	s := &setup{leverURL: leverURL, cjURL: serveCodejudge(t, tests)}
	s.lever = s.leverClient(t, leverKey)
	for _, event := range RequiredEvents {
		_, err := s.lever.CreateWebhook(context.Background(), webhookURL, event)
		require.NoError(t, err)
	}
	s.conn = Connection{
		ID: "c1", TriggerStageID: seed.AssessmentStageID, PerformAs: seed.UserID,
		WebhookURL: webhookURL, SettingsURL: settingsURL,
		Lever: s.lever, Codejudge: s.codejudgeClient(t, codejudgeKey),
	}
	return s
}

// serveLever is a seeded Lever emulator's API base URL.
func serveLever(t *testing.T) (string, leveremulator.Sandbox) {
	t.Helper()
	emu, err := leveremulator.New(leveremulator.Options{APIKey: leverKey, RetryDelays: []time.Duration{}})
	require.NoError(t, err)
	t.Cleanup(emu.Close)
	seed, err := emu.SeedSandbox()
	require.NoError(t, err)
	return serve(t, emu.Handler()), seed
}

// serveCodejudge is the API base URL of a Codejudge emulator with tests.
func serveCodejudge(t *testing.T, tests []codejudge.Test) string {
	t.Helper()
	emu, err := codejudgeemulator.New(codejudgeemulator.Options{
		Organisations: []codejudgeemulator.Organisation{{ID: "org", APIKey: codejudgeKey, CallbackSecret: "cs"}},
		Tests:         tests, RetryDelays: []time.Duration{},
	})
	require.NoError(t, err)
	t.Cleanup(emu.Close)
	return serve(t, emu.Handler())
}

// serve is h's /v1 over HTTP until the test ends.
func serve(t *testing.T, h http.Handler) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL + "/v1"
}

func (s *setup) leverClient(t *testing.T, key string) *lever.Client {
	t.Helper()
	c, err := lever.New(lever.Config{BaseURL: s.leverURL, APIKey: key, Account: "c1"})
	require.NoError(t, err)
	return c
}

func (s *setup) codejudgeClient(t *testing.T, key string) *codejudge.Client {
	t.Helper()
	c, err := codejudge.New(codejudge.Config{BaseURL: s.cjURL, APIKey: key, Account: "c1"})
	require.NoError(t, err)
	return c
}

// replaceWebhook deletes the event's webhook and, unless url is "",
// registers it again at url.
func (s *setup) replaceWebhook(t *testing.T, event, url string) {
	t.Helper()
	ctx := context.Background()
	hooks, err := s.lever.ListWebhooks(ctx)
	require.NoError(t, err)
	for _, h := range hooks {
		if h.Event == event {
			require.NoError(t, s.lever.DeleteWebhook(ctx, h.ID))
		}
	}
	if url != "" {
		_, err = s.lever.CreateWebhook(ctx, url, event)
		require.NoError(t, err)
	}
}

// problems are the report's problems as "check: detail".
func problems(r Report) []string {
	var out []string
	for _, f := range r.Findings {
		if f.Status == Problem {
			out = append(out, f.Check+": "+f.Detail)
		}
	}
	return out
}

func TestACleanSetupHasNoProblem(t *testing.T) {
	s := newSetup(t, nil)
	r := Check(context.Background(), s.conn)
	require.Empty(t, problems(r))
	var checks []string
	for _, f := range r.Findings {
		if f.Status == OK {
			checks = append(checks, f.Check)
		}
	}
	require.Equal(t, []string{"Lever credentials", "trigger stage", "perform-as user", "applicationCreated webhook",
		"candidateStageChange webhook", "candidateArchiveChange webhook", "candidateDeleted webhook", "posting tags", "Codejudge API key", "test CJ-81519"}, checks)
}

func TestEachPlantedProblemIsFoundWithItsFix(t *testing.T) {
	otherTests := []codejudge.Test{{ID: "CJ-20431", Name: "Frontend", DurationMinutes: 60, MaxScore: 10,
		Sections: []codejudge.Section{{Name: "All", MaxScore: 10}}}}
	cases := []struct {
		name    string
		tests   []codejudge.Test
		plant   func(t *testing.T, s *setup)
		problem string // the one problem, "check: detail" prefix
		fix     string // in its fix
	}{
		{"wrong Lever key", nil, func(t *testing.T, s *setup) { s.conn.Lever = s.leverClient(t, "wrong-key") },
			"Lever credentials: Lever refused the connection's API key", "lever.apiKey in the connections file"},
		{"needs re-authorisation", nil, func(t *testing.T, s *setup) {
			s.conn.OAuth, s.conn.NeedsReauthorization, s.conn.Lever = true, true, nil
		}, "Lever credentials: Lever refused the connection's grant", "connect Lever again on the settings page (" + settingsURL + ")"},
		{"Lever not connected", nil, func(t *testing.T, s *setup) {
			s.conn.Lever, s.conn.LeverErr = nil, errors.New("Lever is not connected yet")
		}, "Lever credentials: Lever cannot be called: Lever is not connected yet", "connect Lever on the settings page"},
		{"trigger stage missing", nil, func(t *testing.T, s *setup) { s.conn.TriggerStageID = "stage-gone" },
			"trigger stage: stage stage-gone is not among the account's", "choose the stage that sends the assessment"},
		{"trigger stage unset", nil, func(t *testing.T, s *setup) { s.conn.TriggerStageID = "" },
			"trigger stage: no trigger stage is set", "choose the stage"},
		{"a webhook missing", nil, func(t *testing.T, s *setup) { s.replaceWebhook(t, lever.EventCandidateArchiveChange, "") },
			"candidateArchiveChange webhook: not registered in Lever", "add " + webhookURL + " for candidateArchiveChange"},
		{"a webhook pointing elsewhere", nil, func(t *testing.T, s *setup) {
			s.replaceWebhook(t, lever.EventCandidateStageChange, "https://old-gateway.example/webhooks/lever/c1")
		}, "candidateStageChange webhook: points at https://old-gateway.example/webhooks/lever/c1, not at this gateway's " + webhookURL,
			"lever.webhookTokens.candidateStageChange"},
		{"an OAuth connection's webhook missing", nil, func(t *testing.T, s *setup) {
			s.conn.OAuth = true
			s.replaceWebhook(t, lever.EventApplicationCreated, "")
		}, "applicationCreated webhook: not registered in Lever", "press \"Register webhooks in Lever\" on the settings page"},
		{"perform-as user gone", nil, func(t *testing.T, s *setup) { s.conn.PerformAs = "user-gone" },
			"perform-as user: Lever user user-gone", "set performAs"},
		{"a posting tagged with an unknown test", otherTests, func(*testing.T, *setup) {},
			`test CJ-81519: posting "Backend Engineer" is tagged CJ-81519, a test Codejudge does not know`, "correct the tag on the posting"},
		{"bad Codejudge key", nil, func(t *testing.T, s *setup) { s.conn.Codejudge = s.codejudgeClient(t, "wrong-key") },
			"Codejudge API key: Codejudge refused the connection's API key", "codejudge.apiKey"},
		{"no Codejudge client", nil, func(t *testing.T, s *setup) {
			s.conn.Codejudge, s.conn.CodejudgeErr = nil, errors.New("codejudge: an API key is required")
		}, "Codejudge API key: Codejudge cannot be called", "codejudge.apiKey"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newSetup(t, tc.tests)
			tc.plant(t, s)
			r := Check(context.Background(), s.conn)
			got := problems(r)
			require.Len(t, got, 1, "%q", got)
			require.True(t, strings.HasPrefix(got[0], tc.problem), "%q", got[0])
			for _, f := range r.Findings {
				if f.Status == Problem {
					require.Contains(t, f.Fix, tc.fix)
				}
			}
		})
	}
}

func TestTheReportSaysWhatToFixAndNoSecret(t *testing.T) {
	s := newSetup(t, nil)
	clean := Check(context.Background(), s.conn)
	s.conn.TriggerStageID = "stage-gone"
	broken := Check(context.Background(), s.conn)
	var b strings.Builder
	require.NoError(t, Write(&b, []Report{clean, broken}))
	out := b.String()
	require.Contains(t, out, "connection c1\n")
	require.Contains(t, out, "PROBLEM  trigger stage: stage stage-gone")
	require.Contains(t, out, "fix: choose the stage that sends the assessment in the connections file")
	require.Contains(t, out, "note     Codejudge callback secret: cannot be verified from here")
	require.Contains(t, out, "how: if results never arrive")
	require.True(t, strings.HasSuffix(out, "1 problem(s) found in 2 connection(s)\n"), out)
	require.NotContains(t, out, leverKey)
	require.NotContains(t, out, codejudgeKey)

	b.Reset()
	require.NoError(t, Write(&b, []Report{clean}))
	require.True(t, strings.HasSuffix(b.String(), "all well: 1 connection(s) checked, no problem found\n"), b.String())
}
