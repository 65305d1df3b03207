package faults

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const stormCandidates = 20

// leverStorms are the storms Lever goes through, one after the other, each
// letting every second request through as an API shedding load does.
var leverStorms = []struct {
	name  string
	fault fault
}{
	{"429 with Retry-After", rateLimitedRetry},
	{"429 without Retry-After", rateLimited},
	{"503", unavailable},
}

// lostWrites is how many writes (tags, notes) Lever carries out but whose
// answers are lost, after the storms: a retry must not write twice.
const lostWrites = 10

const (
	stormLength    = 3 * time.Second
	stormPassEvery = 2
)

// TestLeverStorms: Lever answers 429 (with and without Retry-After) and 503
// in storms while candidates are being invited, then loses the answers to
// writes it carried out: those of candidates moved after the storms, so
// that there are writes to lose however fast the first ones went. The
// worker backs off and retries; no assessment fails for it, and every
// candidate is invited, tagged and noted exactly once.
func TestLeverStorms(t *testing.T) {
	t.Parallel() // mostly waiting: alongside the other waiting scenario
	s := startStack(t, stackOptions{})
	s.leverProxy.storm(leverStorms[0].fault, stormPassEvery)
	started := time.Now()
	opps := s.addCandidates(stormCandidates, "storm")
	s.deliverEach(opps, 1, 100*time.Millisecond)
	for _, storm := range leverStorms {
		s.leverProxy.storm(storm.fault, stormPassEvery)
		time.Sleep(stormLength)
	}
	s.leverProxy.storm(lostAnswer, stormPassEvery)
	late := s.addCandidates(lostWrites, "late")
	s.deliverEach(late, 1, 100*time.Millisecond)
	opps = append(opps, late...)
	require.Eventually(t, func() bool { return s.leverProxy.faulted[lostAnswer].Load() >= lostWrites },
		time.Minute, 50*time.Millisecond, "Lever lost the answers to %d writes", lostWrites)
	s.leverProxy.set(passThrough)
	took := s.awaitAll("invited after the storms", opps, 2*time.Minute, s.invited)
	s.requireInvitedOnce(opps)
	for _, storm := range leverStorms {
		n := s.leverProxy.faulted[storm.fault].Load()
		t.Logf("%s: %d answers", storm.name, n)
		require.Positive(t, n, "the storm %q met requests", storm.name)
	}
	t.Logf("writes carried out, answers lost: %d", s.leverProxy.faulted[lostAnswer].Load())
	lv := s.calls.of("lever")
	t.Logf("%d candidates invited once %v after the storms began (%v after they ended); %d Lever requests, %d faulted, breaker opened %d times",
		len(opps), time.Since(started).Round(time.Millisecond), took.Round(time.Millisecond), lv.attempts, s.leverProxy.faults(), lv.opened)
}
