package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/cjlever/cjlever/codec"
)

// setting is one configuration variable: its name, what it means, its
// default, and how it is parsed into Config. The README's table is Doc().
type setting struct {
	name, meaning, def string
	set                func(c *Config, v string) error
}

var settings = []setting{
	{"TEMPORAL_ADDRESS", "Temporal frontend host:port", "localhost:7233", func(c *Config, v string) error { c.Temporal.Address = v; return hostPort(v) }},
	{"TEMPORAL_NAMESPACE", "Temporal namespace", "default", func(c *Config, v string) error { c.Temporal.Namespace = v; return nonEmpty(v) }},
	{"TEMPORAL_TLS_CLIENT_CERT_PATH", "client certificate (PEM) for mTLS", "", func(c *Config, v string) error { c.Temporal.TLSCertFile = v; return readable(v) }},
	{"TEMPORAL_TLS_CLIENT_KEY_PATH", "client key (PEM) for mTLS", "", func(c *Config, v string) error { c.Temporal.TLSKeyFile = v; return readable(v) }},
	{"TEMPORAL_TLS_SERVER_CA_CERT_PATH", "CA certificate (PEM) that signs the server's", "(system roots)", func(c *Config, v string) error { c.Temporal.TLSCAFile = v; return readable(v) }},
	{"TEMPORAL_TLS_SERVER_NAME", "server name to verify, if not the address's host", "", func(c *Config, v string) error { c.Temporal.TLSServerName = v; return nil }},
	{"TEMPORAL_API_KEY", "API key for Temporal Cloud (turns TLS on)", "", func(c *Config, v string) error { c.Temporal.APIKey = Secret(v); return nil }},
	{"CJLEVER_CODEC_KEYS", "keys that encrypt every payload in Temporal: `id:base64(32 bytes)[,id:base64...]`, the first encrypts, all decrypt (make one with `cjlever codec-key`)", "(required)", func(c *Config, v string) error { c.Codec.Keys = Secret(v); return keyRing(v) }},
	{"CJLEVER_CODEC_ALLOWED_ORIGINS", "browser origins of the Temporal UI that may call `<public URL>/codec`, comma-separated (e.g. https://cloud.temporal.io)", "", func(c *Config, v string) error { return origins(v, &c.Codec.AllowedOrigins) }},
	{"CJLEVER_LISTEN", "gateway listen address", ":8080", func(c *Config, v string) error { c.Gateway.Listen = v; return listenAddr(v) }},
	{"CJLEVER_PUBLIC_URL", "the gateway's public base URL (Codejudge calls back to it)", "(required)", func(c *Config, v string) error { c.Gateway.PublicURL = strings.TrimRight(v, "/"); return absURL(v) }},
	{"CJLEVER_ADMIN_PASSWORD", "password of the settings page at /settings (at least 12 characters; unset: the page is off)", "", func(c *Config, v string) error { c.Gateway.AdminPassword = Secret(v); return minLength(v, 12) }},
	{"CJLEVER_ADMIN_SESSION_SECRET", "mixed with the admin password into the session cookie's key; change it to sign everyone out", "", func(c *Config, v string) error { c.Gateway.AdminSessionSecret = Secret(v); return nil }},
	{"CJLEVER_OPS_TOKEN", "bearer token of the ops API at /ops (docs/operations.md; at least 24 characters; unset: the API is off)", "", func(c *Config, v string) error { c.Gateway.OpsToken = Secret(v); return minLength(v, 24) }},
	{"CJLEVER_MAX_BODY_BYTES", "largest webhook body accepted", "1048576", func(c *Config, v string) error { return positiveInt64(v, &c.Gateway.MaxBodyBytes) }},
	{"CJLEVER_REPLAY_WINDOW", "oldest Lever delivery accepted (Lever re-runs up to two weeks back)", "336h", func(c *Config, v string) error { return positiveDuration(v, &c.Gateway.ReplayWindow) }},
	{"CJLEVER_CLOCK_SKEW", "how far in the future a Lever delivery may be", "5m", func(c *Config, v string) error { return positiveDuration(v, &c.Gateway.ClockSkew) }},
	{"CJLEVER_GATEWAY_SHUTDOWN_TIMEOUT", "on SIGTERM, how long in-flight requests may take", "20s", func(c *Config, v string) error { return positiveDuration(v, &c.Gateway.ShutdownTimeout) }},
	{"CJLEVER_WORKER_METRICS_LISTEN", "worker's /metrics and /healthz address", ":9090", func(c *Config, v string) error { c.Worker.MetricsListen = v; return listenAddr(v) }},
	{"CJLEVER_WORKER_SHUTDOWN_TIMEOUT", "on SIGTERM, how long running activities may take", "30s", func(c *Config, v string) error { return positiveDuration(v, &c.Worker.ShutdownTimeout) }},
	{"CJLEVER_WORKER_CACHED_WORKFLOWS", "workflows a worker keeps in memory between their tasks; one not kept replays its history on its next event", strconv.Itoa(DefaultCachedWorkflows), func(c *Config, v string) error { return positiveInt(v, &c.Worker.CachedWorkflows) }},
	{"CJLEVER_WORKER_MAX_CONCURRENT_ACTIVITIES", "activities one worker runs at once", "100", func(c *Config, v string) error { return positiveInt(v, &c.Worker.MaxConcurrentActivities) }},
	{"CJLEVER_TASK_QUEUE_ACTIVITIES_PER_SECOND", "cap on activities/s across all workers (0: none)", "0", func(c *Config, v string) error { return nonNegativeFloat(v, &c.Worker.TaskQueueActivitiesPerSecond) }},
	{"CJLEVER_LEVER_REQUESTS_PER_SECOND", "Lever calls a second per account, across all workers (Lever allows 10; the rest is headroom for the rare activity that makes two)", "9.5", func(c *Config, v string) error { return positiveFloat(v, &c.Worker.LeverRequestsPerSecond) }},
	{"CJLEVER_RECONCILE_INTERVAL", "how often each connection's trigger stage is checked for candidates without an assessment (a Temporal Schedule per connection)", "15m", func(c *Config, v string) error { return positiveDuration(v, &c.Worker.ReconcileInterval) }},
	{"CJLEVER_POLL_INTERVAL", "how often a waiting assessment asks Codejudge for the result (at least 1m)", "6h", func(c *Config, v string) error { return pollInterval(v, &c.Assessment.PollInterval) }},
	{"CJLEVER_GRACE_PERIOD", "how long past the invite's expiry to wait for a result", "24h", func(c *Config, v string) error { return positiveDuration(v, &c.Assessment.GracePeriod) }},
	{"CJLEVER_ATTENTION_WINDOW", "how long an assessment parked in NeedsAttention waits for `cjlever ops retry` or `dismiss` before it ends as Error (Go durations have no days: 336h is 14 days)", "336h", func(c *Config, v string) error { return positiveDuration(v, &c.Assessment.AttentionWindow) }},
	{"CJLEVER_REMINDER_BEFORE", "how long before an invite expires Codejudge reminds the candidate who has not finished (`off`: no reminder)", "24h", func(c *Config, v string) error { return reminderBefore(v, &c.Assessment.ReminderBefore) }},
	{"CJLEVER_OUTAGE_BOUND", "how long an invite is retried while Codejudge or Lever is down before the assessment parks in NeedsAttention", "1h", func(c *Config, v string) error { return positiveDuration(v, &c.Assessment.OutageBound) }},
	{"CJLEVER_LOG_FORMAT", "json or text", "json", func(c *Config, v string) error { c.Log.Format = v; return oneOf(v, "json", "text") }},
	{"CJLEVER_LOG_LEVEL", "debug, info, warn or error", "info", func(c *Config, v string) error { c.Log.Level = v; return oneOf(v, "debug", "info", "warn", "error") }},
	{"CJLEVER_LEVER_CLIENT_ID", "client id of the deployment's Lever OAuth app", "", func(c *Config, v string) error { c.LeverApp.ClientID = v; return nil }},
	{"CJLEVER_LEVER_CLIENT_SECRET", "client secret of the deployment's Lever OAuth app", "", func(c *Config, v string) error { c.LeverApp.ClientSecret = Secret(v); return nil }},
	{"CJLEVER_CODEJUDGE_BASE_URL", "Codejudge API of connections created on the settings page", "", func(c *Config, v string) error { c.CodejudgeBaseURL = strings.TrimRight(v, "/"); return absURL(v) }},
	{"CJLEVER_CONNECTIONS_FILE", "JSON file of connections (see below), applied at start", "", nil},
}

// ConnectionsFileVar names the file of connections.
const ConnectionsFileVar = "CJLEVER_CONNECTIONS_FILE"

// Doc is the configuration table, in Markdown, for the README.
func Doc() string {
	var b strings.Builder
	b.WriteString("| variable | meaning | default |\n|---|---|---|\n")
	for _, s := range settings {
		def := s.def
		if def == "" {
			def = "(none)"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", s.name, s.meaning, def)
	}
	return b.String()
}

// Load reads the configuration from lookup (os.LookupEnv in production).
// Every variable has a default except CJLEVER_PUBLIC_URL and
// CJLEVER_CODEC_KEYS; the error names the first variable that is missing or wrong.
func Load(lookup func(string) (string, bool)) (Config, error) {
	var c Config
	for _, s := range settings {
		if s.set == nil {
			continue
		}
		v, ok := lookup(s.name)
		v = strings.TrimSpace(v)
		if !ok || v == "" {
			if strings.HasPrefix(s.def, "(") {
				if s.def == "(required)" {
					return Config{}, fmt.Errorf("%s is required: %s", s.name, s.meaning)
				}
				continue // a descriptive default: leave the zero value
			}
			if s.def == "" {
				continue
			}
			v = s.def
		}
		if err := s.set(&c, v); err != nil {
			return Config{}, fmt.Errorf("%s=%q: %w", s.name, redactIfSecret(s.name, v), err)
		}
	}
	if (c.Temporal.TLSCertFile == "") != (c.Temporal.TLSKeyFile == "") {
		return Config{}, errors.New("TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH go together: set both or neither")
	}
	if c.Gateway.AdminPassword.IsSet() && !securePublicURL(c.Gateway.PublicURL) {
		return Config{}, errors.New("CJLEVER_ADMIN_PASSWORD needs an https CJLEVER_PUBLIC_URL: the settings page's session cookie must not cross the network in the clear (http is allowed only on localhost)")
	}
	if (c.LeverApp.ClientID == "") != !c.LeverApp.ClientSecret.IsSet() {
		return Config{}, errors.New("CJLEVER_LEVER_CLIENT_ID and CJLEVER_LEVER_CLIENT_SECRET go together: set both or neither")
	}
	path, _ := lookup(ConnectionsFileVar)
	if strings.TrimSpace(path) == "" {
		return c, nil
	}
	conns, err := LoadConnectionsFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("%s=%q: %w", ConnectionsFileVar, path, err)
	}
	c.Connections = conns
	return c, nil
}

// LoadTemporal reads only the TEMPORAL_* settings: what a command that just
// talks to Temporal (`cjlever connections`) needs.
func LoadTemporal(lookup func(string) (string, bool)) (Temporal, error) {
	var c Config
	for _, s := range settings {
		if !strings.HasPrefix(s.name, "TEMPORAL_") {
			continue
		}
		v, ok := lookup(s.name)
		if v = strings.TrimSpace(v); !ok || v == "" {
			if s.def == "" || strings.HasPrefix(s.def, "(") {
				continue
			}
			v = s.def
		}
		if err := s.set(&c, v); err != nil {
			return Temporal{}, fmt.Errorf("%s=%q: %w", s.name, redactIfSecret(s.name, v), err)
		}
	}
	return c.Temporal, nil
}

// LoadConnectionsFile reads {"connections": [...]} and validates each; API
// base URLs must be https (or http to a loopback host).
// Secrets may be given as "env:NAME" to read them from another variable, so
// the file itself can be committed or mounted without them.
func LoadConnectionsFile(path string) ([]Connection, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var file struct {
		Connections []Connection `json:"connections"`
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&file); err != nil {
		return nil, fmt.Errorf("not a valid connections file: %w", err)
	}
	if len(file.Connections) == 0 {
		return nil, errors.New("lists no connections")
	}
	for i := range file.Connections {
		if err := resolveSecrets(&file.Connections[i]); err != nil {
			return nil, err
		}
	}
	if _, err := NewConnections(file.Connections...); err != nil {
		return nil, err
	}
	for _, c := range file.Connections {
		if err := c.checkBaseURLs(); err != nil {
			return nil, err
		}
	}
	return file.Connections, nil
}

func resolveSecrets(c *Connection) error {
	resolve := func(field string, s *Secret) error {
		name, ok := strings.CutPrefix(s.Reveal(), "env:")
		if !ok {
			return nil
		}
		v, found := os.LookupEnv(name)
		if !found || v == "" {
			return fmt.Errorf("connection %q: %s refers to the environment variable %s, which is not set", c.ID, field, name)
		}
		*s = Secret(v)
		return nil
	}
	if err := resolve("lever.apiKey", &c.Lever.APIKey); err != nil {
		return err
	}
	for event, tok := range c.Lever.WebhookTokens {
		if err := resolve("lever.webhookTokens."+event, &tok); err != nil {
			return err
		}
		c.Lever.WebhookTokens[event] = tok
	}
	if err := resolve("codejudge.apiKey", &c.Codejudge.APIKey); err != nil {
		return err
	}
	return resolve("codejudge.callbackSecret", &c.Codejudge.CallbackSecret)
}

func redactIfSecret(name, v string) string {
	if (strings.Contains(name, "KEY") && !strings.HasSuffix(name, "_PATH")) || strings.Contains(name, "PASSWORD") || strings.Contains(name, "SECRET") {
		return redacted
	}
	return v
}

// keyRing checks a CJLEVER_CODEC_KEYS value; its errors carry no key.
func keyRing(v string) error {
	_, err := codec.ParseKeyRing(v)
	return err
}

// origins reads a comma-separated list of scheme://host[:port] origins.
func origins(v string, dst *[]string) error {
	for _, o := range strings.Split(v, ",") {
		o = strings.TrimSpace(o)
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" {
			return fmt.Errorf("%q is not an origin: want scheme://host[:port], e.g. https://cloud.temporal.io", o)
		}
		*dst = append(*dst, o)
	}
	return nil
}

func nonEmpty(v string) error {
	if v == "" {
		return errors.New("must not be empty")
	}
	return nil
}

func minLength(v string, n int) error {
	if len(v) < n {
		return fmt.Errorf("want at least %d characters", n)
	}
	return nil
}

// securePublicURL: https, or http on a loopback host (a developer's machine).
func securePublicURL(v string) bool {
	u, err := url.Parse(v)
	return err == nil && (u.Scheme == "https" || isLoopback(u.Hostname()))
}

func hostPort(v string) error {
	host, port, err := splitHostPort(v)
	if err != nil || host == "" || port == "" {
		return errors.New("want host:port, e.g. temporal:7233")
	}
	return nil
}

func listenAddr(v string) error {
	if _, port, err := splitHostPort(v); err != nil || port == "" {
		return errors.New("want [host]:port, e.g. :8080")
	}
	return nil
}

func splitHostPort(v string) (string, string, error) {
	i := strings.LastIndexByte(v, ':')
	if i < 0 {
		return "", "", errors.New("no port")
	}
	if _, err := strconv.ParseUint(v[i+1:], 10, 16); err != nil {
		return "", "", err
	}
	return strings.Trim(v[:i], "[]"), v[i+1:], nil
}

func absURL(v string) error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("want an absolute http(s) URL, e.g. https://cjlever.example.com")
	}
	return nil
}

func readable(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("cannot read the file: %w", err)
	}
	return f.Close()
}

func oneOf(v string, allowed ...string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return fmt.Errorf("want one of %s", strings.Join(allowed, ", "))
}

func positiveDuration(v string, dst *time.Duration) error {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return errors.New("want a positive duration such as 30s, 5m or 6h")
	}
	*dst = d
	return nil
}

// reminderBefore is a positive duration, or "off" (stored as -1: no
// reminder).
func reminderBefore(v string, dst *time.Duration) error {
	if strings.EqualFold(strings.TrimSpace(v), "off") {
		*dst = -1
		return nil
	}
	if err := positiveDuration(v, dst); err != nil {
		return errors.New("want a positive duration such as 24h, or off")
	}
	return nil
}

// pollInterval is a positive duration of at least a minute: each poll adds to
// a waiting workflow's history.
func pollInterval(v string, dst *time.Duration) error {
	if err := positiveDuration(v, dst); err != nil {
		return err
	}
	if *dst < time.Minute {
		return errors.New("want at least 1m: each poll adds to the waiting workflow's history")
	}
	return nil
}

func positiveInt(v string, dst *int) error {
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return errors.New("want a positive whole number")
	}
	*dst = n
	return nil
}

func positiveInt64(v string, dst *int64) error {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return errors.New("want a positive whole number")
	}
	*dst = n
	return nil
}

func nonNegativeFloat(v string, dst *float64) error {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 {
		return errors.New("want a number, 0 or more")
	}
	*dst = f
	return nil
}

func positiveFloat(v string, dst *float64) error {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f <= 0 {
		return errors.New("want a number above 0")
	}
	*dst = f
	return nil
}
