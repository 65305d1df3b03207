package admin

import (
	"math"
	"strconv"
	"sync"
	"time"
)

// Wrong-password throttling: at most maxFailures wrong passwords per
// failureWindow, counted per gateway process, so N gateways allow N times as
// many. At that pace guessing a password of 12 or more random characters is
// hopeless; while the limit is reached, the right password waits too.
const (
	maxFailures   = 10
	failureWindow = time.Minute
)

type throttle struct {
	mu       sync.Mutex
	start    time.Time
	failures int
}

// allow reports whether a sign-in may be tried now, and if not, the
// Retry-After seconds.
func (t *throttle) allow(now time.Time) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if now.Sub(t.start) >= failureWindow {
		t.start, t.failures = now, 0
	}
	if t.failures < maxFailures {
		return "", true
	}
	wait := math.Ceil(t.start.Add(failureWindow).Sub(now).Seconds())
	return strconv.Itoa(max(int(wait), 1)), false
}

func (t *throttle) fail(now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if now.Sub(t.start) >= failureWindow {
		t.start, t.failures = now, 0
	}
	t.failures++
}
