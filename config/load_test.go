package config

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func writeConnections(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "connections.json")
	require.NoError(t, os.WriteFile(p, []byte(body), 0o600))
	return p
}

const goodConnections = `{"connections": [{
  "id": "acme", "triggerStageId": "stage-assessment", "performAs": "user-1",
  "lever": {"baseUrl": "https://api.lever.co/v1", "apiKey": "env:ACME_LEVER_KEY",
            "webhookTokens": {"candidateStageChange": "tok-1"}},
  "codejudge": {"baseUrl": "https://api.codejudge.io/v1", "apiKey": "cj-key", "callbackSecret": "cb-secret"}
}]}`

// codecKeys is a valid CJLEVER_CODEC_KEYS: one key of 32 zero bytes.
const codecKeys = "k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestLoadDefaultsAndConnections(t *testing.T) {
	t.Setenv("ACME_LEVER_KEY", "lever-secret")
	c, err := Load(env(map[string]string{
		"CJLEVER_PUBLIC_URL":            "https://cjlever.example.com/",
		"CJLEVER_CODEC_KEYS":            codecKeys,
		"CJLEVER_CONNECTIONS_FILE":      writeConnections(t, goodConnections),
		"CJLEVER_POLL_INTERVAL":         "2h",
		"CJLEVER_CODEC_ALLOWED_ORIGINS": "https://cloud.temporal.io, http://localhost:8233",
	}))
	require.NoError(t, err)
	require.Equal(t, codecKeys, c.Codec.Keys.Reveal())
	require.Equal(t, []string{"https://cloud.temporal.io", "http://localhost:8233"}, c.Codec.AllowedOrigins)
	require.Equal(t, "localhost:7233", c.Temporal.Address)
	require.Equal(t, "default", c.Temporal.Namespace)
	require.Equal(t, "https://cjlever.example.com", c.Gateway.PublicURL)
	require.Equal(t, 2*time.Hour, c.Assessment.PollInterval)
	require.Equal(t, 24*time.Hour, c.Assessment.GracePeriod)
	require.Equal(t, 14*24*time.Hour, c.Assessment.AttentionWindow)
	require.Equal(t, time.Hour, c.Assessment.OutageBound)
	require.Equal(t, 24*time.Hour, c.Assessment.ReminderBefore)
	require.Equal(t, "json", c.Log.Format)
	require.False(t, c.Temporal.TLSEnabled())
	require.Len(t, c.Connections, 1)
	require.Equal(t, "lever-secret", c.Connections[0].Lever.APIKey.Reveal(), "env: references are resolved")
}

func TestLoadNamesTheBadVariable(t *testing.T) {
	conns := writeConnections(t, strings.Replace(goodConnections, "env:ACME_LEVER_KEY", "k", 1))
	base := map[string]string{"CJLEVER_PUBLIC_URL": "https://x.example", "CJLEVER_CODEC_KEYS": codecKeys, "CJLEVER_CONNECTIONS_FILE": conns}
	cases := map[string]struct {
		key, value, want string
	}{
		"missing public url": {"CJLEVER_PUBLIC_URL", "", "CJLEVER_PUBLIC_URL is required"},
		"bad duration":       {"CJLEVER_POLL_INTERVAL", "often", `CJLEVER_POLL_INTERVAL="often": want a positive duration`},
		"poll too often":     {"CJLEVER_POLL_INTERVAL", "5s", `CJLEVER_POLL_INTERVAL="5s": want at least 1m`},
		"bad reminder":       {"CJLEVER_REMINDER_BEFORE", "-2h", `CJLEVER_REMINDER_BEFORE="-2h": want a positive duration such as 24h, or off`},
		"bad address":        {"TEMPORAL_ADDRESS", "temporal", "TEMPORAL_ADDRESS=\"temporal\": want host:port"},
		"bad log format":     {"CJLEVER_LOG_FORMAT", "xml", "want one of json, text"},
		"missing cert file":  {"TEMPORAL_TLS_CLIENT_CERT_PATH", "/nonexistent.pem", "TEMPORAL_TLS_CLIENT_CERT_PATH"},
		"missing codec keys": {"CJLEVER_CODEC_KEYS", "", "CJLEVER_CODEC_KEYS is required: keys that encrypt every payload in Temporal"},
		"codec keys hint":    {"CJLEVER_CODEC_KEYS", "", "make one with `cjlever codec-key`"},
		"origin with a path": {"CJLEVER_CODEC_ALLOWED_ORIGINS", "https://ui.example/app", `"https://ui.example/app" is not an origin`},
		"short codec key":    {"CJLEVER_CODEC_KEYS", "k1:c2hvcnQ=", `CJLEVER_CODEC_KEYS="[redacted]": key "k1" is 5 bytes: want 32`},
		"client id alone":    {"CJLEVER_LEVER_CLIENT_ID", "app", "CJLEVER_LEVER_CLIENT_ID and CJLEVER_LEVER_CLIENT_SECRET go together"},
		"bad codejudge url":  {"CJLEVER_CODEJUDGE_BASE_URL", "codejudge", "CJLEVER_CODEJUDGE_BASE_URL"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			m := map[string]string{}
			for k, v := range base {
				m[k] = v
			}
			m[tc.key] = tc.value
			_, err := Load(env(m))
			require.ErrorContains(t, err, tc.want)
		})
	}
}

// Connections may all be made on the settings page: the file is optional.
func TestLoadWithoutConnectionsFile(t *testing.T) {
	c, err := Load(env(map[string]string{"CJLEVER_PUBLIC_URL": "https://x.example", "CJLEVER_CODEC_KEYS": codecKeys,
		"CJLEVER_LEVER_CLIENT_ID": "app", "CJLEVER_LEVER_CLIENT_SECRET": "shh", "CJLEVER_CODEJUDGE_BASE_URL": "https://api.codejudge.example/"}))
	require.NoError(t, err)
	require.Empty(t, c.Connections)
	require.Equal(t, "app", c.LeverApp.ClientID)
	require.Equal(t, "shh", c.LeverApp.ClientSecret.Reveal())
	require.Equal(t, "https://api.codejudge.example", c.CodejudgeBaseURL)
}

func TestConnectionsFileErrors(t *testing.T) {
	_, err := LoadConnectionsFile(writeConnections(t, goodConnections))
	require.ErrorContains(t, err, "ACME_LEVER_KEY, which is not set")
	_, err = LoadConnectionsFile(writeConnections(t, `{"connections": [{"id": "x"}]}`))
	require.ErrorContains(t, err, `connection "x": triggerStageId is required`)
	_, err = LoadConnectionsFile(writeConnections(t, `{"connections": [], "extra": 1}`))
	require.ErrorContains(t, err, "unknown field")
}

func TestLoadRefusesPlainHTTPBaseURLsOutsideLoopback(t *testing.T) {
	load := func(leverURL, codejudgeURL string) error {
		conns := strings.NewReplacer(
			"env:ACME_LEVER_KEY", "k",
			"https://api.lever.co/v1", leverURL,
			"https://api.codejudge.io/v1", codejudgeURL,
		).Replace(goodConnections)
		_, err := Load(env(map[string]string{
			"CJLEVER_PUBLIC_URL":       "https://x.example",
			"CJLEVER_CODEC_KEYS":       codecKeys,
			"CJLEVER_CONNECTIONS_FILE": writeConnections(t, conns),
		}))
		return err
	}
	const lever, codejudge = "https://api.lever.co/v1", "https://api.codejudge.io/v1"

	err := load("http://api.lever.co/v1", codejudge)
	require.ErrorContains(t, err, `connection "acme": lever.baseUrl "http://api.lever.co/v1": must be https`)
	err = load(lever, "http://10.0.0.7:8082/v1")
	require.ErrorContains(t, err, `connection "acme": codejudge.baseUrl "http://10.0.0.7:8082/v1": must be https`)
	err = load(lever, "ftp://api.codejudge.io/v1")
	require.ErrorContains(t, err, `codejudge.baseUrl "ftp://api.codejudge.io/v1": want an absolute https URL`)
	err = load("api.lever.co/v1", codejudge)
	require.ErrorContains(t, err, `lever.baseUrl "api.lever.co/v1": want an absolute https URL`)

	require.NoError(t, load(lever, codejudge))
	require.NoError(t, load("http://localhost:8081/v1", "http://127.0.0.1:8082/v1"), "dev emulators on loopback")
	require.NoError(t, load("http://[::1]:8081/v1", codejudge))
}

func TestSecretsNeverPrint(t *testing.T) {
	s := Secret("hunter2")
	var b strings.Builder
	slog.New(slog.NewTextHandler(&b, nil)).Info("x", "key", s, "conn", Connection{Lever: LeverAccount{APIKey: s}})
	out := b.String() + fmt.Sprint(s) + fmt.Sprintf("%v %+v %#v %s", s, s, s, s)
	require.NotContains(t, out, "hunter2")
	require.Equal(t, "hunter2", s.Reveal())
}

func TestDocListsEveryVariable(t *testing.T) {
	doc := Doc()
	for _, s := range settings {
		require.Contains(t, doc, "`"+s.name+"`")
	}
}

func TestLoadAdminPassword(t *testing.T) {
	conns := writeConnections(t, strings.Replace(goodConnections, "env:ACME_LEVER_KEY", "k", 1))
	load := func(publicURL, password string) (Config, error) {
		return Load(env(map[string]string{
			"CJLEVER_PUBLIC_URL": publicURL, "CJLEVER_CONNECTIONS_FILE": conns,
			"CJLEVER_ADMIN_PASSWORD": password, "CJLEVER_CODEC_KEYS": codecKeys, "CJLEVER_ADMIN_SESSION_SECRET": "pepper",
		}))
	}
	c, err := load("https://x.example", "correct horse battery")
	require.NoError(t, err)
	require.Equal(t, "correct horse battery", c.Gateway.AdminPassword.Reveal())
	require.Equal(t, "pepper", c.Gateway.AdminSessionSecret.Reveal())

	_, err = load("https://x.example", "short")
	require.ErrorContains(t, err, "CJLEVER_ADMIN_PASSWORD=\"[redacted]\": want at least 12 characters")
	require.NotContains(t, err.Error(), "short")

	_, err = load("http://x.example", "correct horse battery")
	require.ErrorContains(t, err, "CJLEVER_ADMIN_PASSWORD needs an https CJLEVER_PUBLIC_URL")
	_, err = load("http://localhost:8080", "correct horse battery")
	require.NoError(t, err, "plain http on a developer's loopback")
	_, err = load("http://x.example", "")
	require.NoError(t, err, "no password: the page is off and the public URL may stay http")
}

func TestReminderCanBeTurnedOff(t *testing.T) {
	c, err := Load(env(map[string]string{
		"CJLEVER_PUBLIC_URL": "https://x.example", "CJLEVER_CODEC_KEYS": codecKeys, "CJLEVER_REMINDER_BEFORE": "off",
	}))
	require.NoError(t, err)
	require.Negative(t, c.Assessment.ReminderBefore, "negative: no reminder (workflows.Timing)")
}
