package gateway

import (
	"fmt"
	"time"
)

// fresh refuses an event time at older than maxAge or further ahead of our
// clock than the allowed skew. verb ("triggered", "occurred") and window (the
// name of maxAge) word the refusal.
func (rt *router) fresh(at time.Time, maxAge time.Duration, verb, window string) (msg string, ok bool) {
	now := rt.now()
	if at.Before(now.Add(-maxAge)) {
		return fmt.Sprintf("event %s at %s is older than the %s %s", verb, at.UTC().Format(time.RFC3339), maxAge, window), false
	}
	if at.After(now.Add(rt.clockSkew)) {
		return fmt.Sprintf("event %s at %s is in the future", verb, at.UTC().Format(time.RFC3339)), false
	}
	return "", true
}
