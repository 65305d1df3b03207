package faults

import (
	"sync"
	"time"

	"github.com/sony/gobreaker/v2"
)

// apiCalls counts the worker's API attempts and breaker openings per
// service ("lever", "codejudge"), through the clients' own hooks, which
// metrics use in production.
type apiCalls struct {
	mu       sync.Mutex
	attempts map[string]int
	refused  map[string]int // attempts that got no answer: connection refused
	opened   map[string]int // breaker openings
}

func newAPICalls() *apiCalls {
	return &apiCalls{attempts: map[string]int{}, refused: map[string]int{}, opened: map[string]int{}}
}

func (c *apiCalls) observe(service, _ string, status int, _ time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.attempts[service]++
	if status == 0 {
		c.refused[service]++
	}
}

func (c *apiCalls) breakerChanged(service, _ string, _, to gobreaker.State) {
	if to != gobreaker.StateOpen {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.opened[service]++
}

// callCount is a snapshot of one service's counts.
type callCount struct{ attempts, refused, opened int }

func (c *apiCalls) of(service string) callCount {
	c.mu.Lock()
	defer c.mu.Unlock()
	return callCount{attempts: c.attempts[service], refused: c.refused[service], opened: c.opened[service]}
}
