// Package config is cjlever's typed configuration: environment variables,
// optionally on top of a JSON file, validated at start so that a bad value
// stops the process with a message naming the variable.
package config

import (
	"time"
)

// Config is the whole configuration of a gateway or worker process.
type Config struct {
	Temporal   Temporal
	Codec      Codec
	Gateway    Gateway
	Worker     Worker
	Assessment Assessment
	Log        Log
	LeverApp   LeverApp
	// CodejudgeBaseURL is the Codejudge API of connections created on the
	// settings page.
	CodejudgeBaseURL string
	// Connections are the connections file's, applied at start; none when
	// connections are only made on the settings page.
	Connections []Connection
}

// LeverApp is the deployment's OAuth application registered with Lever.
type LeverApp struct {
	ClientID     string
	ClientSecret Secret
}

// Temporal is how to reach Temporal; names follow the SDK's environment
// conventions (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, ...).
type Temporal struct {
	Address       string
	Namespace     string
	TLSCertFile   string
	TLSKeyFile    string
	TLSCAFile     string
	TLSServerName string
	// APIKey authenticates to Temporal Cloud (implies TLS).
	APIKey Secret
}

// TLSEnabled reports whether the connection to Temporal uses TLS.
func (t Temporal) TLSEnabled() bool {
	return t.TLSCertFile != "" || t.TLSCAFile != "" || t.APIKey.IsSet() || t.TLSServerName != ""
}

// Codec holds the keys that encrypt every payload in Temporal.
type Codec struct {
	// Keys is a key ring as codec.ParseKeyRing reads it (already checked).
	Keys Secret
	// AllowedOrigins are the Temporal UI origins a browser may call the
	// gateway's codec endpoint from.
	AllowedOrigins []string
}

// Gateway configures the HTTP service.
type Gateway struct {
	Listen string
	// PublicURL is the gateway's URL as Lever and Codejudge reach it.
	PublicURL       string
	MaxBodyBytes    int64
	ReplayWindow    time.Duration
	ClockSkew       time.Duration
	ShutdownTimeout time.Duration
	// AdminPassword turns the settings page on; AdminSessionSecret is mixed
	// into its cookie keys.
	AdminPassword      Secret
	AdminSessionSecret Secret
	// OpsToken turns the ops API at /ops on: its bearer token.
	OpsToken Secret
}

// Worker configures the Temporal worker.
type Worker struct {
	// MetricsListen serves /metrics and health for a worker-only process.
	MetricsListen   string
	ShutdownTimeout time.Duration
	// MaxConcurrentActivities bounds one worker's in-flight activities.
	MaxConcurrentActivities int
	// CachedWorkflows bounds the workflows a worker process keeps in memory
	// between their tasks (the SDK's sticky cache); 0 keeps the SDK's.
	CachedWorkflows int
	// TaskQueueActivitiesPerSecond caps the whole task queue (all workers),
	// enforced by the Temporal server; 0 means no cap.
	TaskQueueActivitiesPerSecond float64
	// LeverRequestsPerSecond is the rate of Lever calls one connection's
	// account gets from all workers together.
	LeverRequestsPerSecond float64
	// ReconcileInterval is how often each connection's trigger stage is
	// reconciled (its Temporal Schedule's interval).
	ReconcileInterval time.Duration
}

// Assessment tunes the waiting of CandidateAssessment workflows.
type Assessment struct {
	PollInterval time.Duration
	GracePeriod  time.Duration
	// AttentionWindow: how long a parked assessment waits for an ops
	// decision; OutageBound: how long an outage is retried before parking.
	AttentionWindow time.Duration
	OutageBound     time.Duration
	// ReminderBefore: how long before an invite expires the candidate is
	// reminded; negative: never.
	ReminderBefore time.Duration
}

// Log configures log/slog.
type Log struct {
	Format string // "json" or "text"
	Level  string // debug, info, warn, error
}

// DefaultCachedWorkflows bounds a worker's memory: a cached workflow holds
// about 0.07 MB (docs/performance.md), so some 130 MB at most, while an
// assessment waiting for days is better replayed from its short history on
// its next event than held in memory. The SDK's own default is 10,000.
const DefaultCachedWorkflows = 2000
