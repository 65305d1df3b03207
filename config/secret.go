package config

import "log/slog"

// Secret holds a credential. It prints, logs and formats as "[redacted]" so
// that no log line or error carries it by accident; Reveal gives the value to
// the one place that must send it.
type Secret string

const redacted = "[redacted]"

// Reveal returns the secret's value.
func (s Secret) Reveal() string { return string(s) }

// IsSet reports whether the secret has a value.
func (s Secret) IsSet() bool { return s != "" }

func (s Secret) String() string               { return redacted }
func (s Secret) GoString() string             { return redacted }
func (s Secret) LogValue() slog.Value         { return slog.StringValue(redacted) }
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// UnmarshalText lets config files and environment variables set it.
func (s *Secret) UnmarshalText(b []byte) error { *s = Secret(b); return nil }
