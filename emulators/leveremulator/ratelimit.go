package leveremulator

import (
	"math"
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// RateLimit is a per-account token bucket, as Lever keeps for each API key
// or token: RequestsPerSecond steady, up to Burst at once. The zero value
// imposes none.
type RateLimit struct {
	RequestsPerSecond float64
	Burst             int
}

// LeverRateLimit is Lever's documented limit.
var LeverRateLimit = RateLimit{RequestsPerSecond: 10, Burst: 20}

// accountThrottle holds one account's bucket and counts what it refused.
type accountThrottle struct {
	limiter *rate.Limiter // nil: no limit
	refused atomic.Int64
}

func newAccountThrottle(rl RateLimit) *accountThrottle {
	t := &accountThrottle{}
	if rl.RequestsPerSecond > 0 {
		t.limiter = rate.NewLimiter(rate.Limit(rl.RequestsPerSecond), max(rl.Burst, 1))
	}
	return t
}

// throttle answers 429 with Retry-After, as Lever does, when the caller's
// account has spent its bucket.
func (e *Emulator) throttle(c *gin.Context) {
	who := c.MustGet(callerKey).(caller)
	a := who.account
	if a.throttle.limiter == nil || who.unmetered {
		c.Next()
		return
	}
	now := e.opts.Now()
	r := a.throttle.limiter.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		a.throttle.refused.Add(1)
		c.Header("Retry-After", strconv.Itoa(int(math.Ceil(d.Seconds()))))
		writeError(c, &apiError{Status: http.StatusTooManyRequests, Code: "TooManyRequests",
			Message: "Rate limit exceeded: 10 requests per second"})
		return
	}
	c.Next()
}

// Throttled is how many requests the account's rate limit refused.
func (e *Emulator) Throttled(accountName string) int64 {
	a := e.account(accountName)
	if a == nil {
		return 0
	}
	return a.throttle.refused.Load()
}
