package admin

import (
	"math"
	"strconv"
	"sync"
	"time"
)

// Wrong-password throttling: at most maxFailures wrong passwords per
// failureWindow, counted per gateway process (several processes each allow
// that many). Enough to make guessing a long password hopeless; a real
// attacker is also stopped by the password's length.
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
