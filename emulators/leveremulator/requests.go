package leveremulator

import (
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
)

// requestCounter counts the API requests each account made, by method and
// route ("GET /v1/opportunities/:id"), so that a benchmark can tell how many
// Lever calls one invite costs from what Lever itself saw. Its zero value is
// ready to use.
type requestCounter struct {
	mu     sync.Mutex
	counts map[string]map[string]int // account credential -> route -> requests
}

// countRequest is the middleware that counts a request under its
// credential. Requests to no route count under the method and "(no route)".
func (e *Emulator) countRequest(c *gin.Context) {
	route := c.FullPath()
	if route == "" {
		route = "(no route)"
	}
	e.requests.add(requestCredential(c), c.Request.Method+" "+route)
	c.Next()
}

// RequestCounts returns how many requests made with credential (the API key,
// or a bearer token) each route has received so far.
func (e *Emulator) RequestCounts(credential string) map[string]int {
	return e.requests.snapshot(credential)
}

func (rc *requestCounter) add(credential, route string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.counts == nil {
		rc.counts = map[string]map[string]int{}
	}
	if rc.counts[credential] == nil {
		rc.counts[credential] = map[string]int{}
	}
	rc.counts[credential][route]++
}

func (rc *requestCounter) snapshot(credential string) map[string]int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	out := make(map[string]int, len(rc.counts[credential]))
	for route, n := range rc.counts[credential] {
		out[route] = n
	}
	return out
}

// requestCredential is the Basic-auth user name (Lever's API key) or the
// bearer token a request carries; "" when it carries neither.
func requestCredential(c *gin.Context) string {
	if user, _, ok := c.Request.BasicAuth(); ok {
		return user
	}
	token, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if ok {
		return token
	}
	return ""
}
