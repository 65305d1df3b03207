package faults

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cjlever/cjlever/activities"
	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/sandbox"
)

// The outage: Codejudge answers 503 for a while, then refuses connections
// for a while, then is back.
const (
	outageCandidates  = 20
	outageUnavailable = 3 * time.Second
	outageRefused     = 4 * time.Second
)

// outageResult is what one run of the outage measured.
type outageResult struct {
	// attempts: the worker's HTTP attempts at Codejudge during the outage
	// (refused connections included); proxied: those that reached the
	// proxy, all answered 503.
	attempts, refused, proxied int
	opened                     int // breaker openings
	invitedAfter               time.Duration
}

// TestCodejudgeOutage takes Codejudge down (503s, then refused connections)
// while candidates wait for their invites, then brings it back: every
// candidate is invited exactly once, nothing is lost. The same outage runs
// twice, with the production clients and with a Codejudge client whose
// breaker never opens, to show that the breaker stops the worker from
// hammering a Codejudge that is down.
func TestCodejudgeOutage(t *testing.T) {
	t.Parallel() // mostly waiting: alongside the other waiting scenario
	var with, without outageResult
	t.Run("runs", func(t *testing.T) {
		t.Run("with the breaker", func(t *testing.T) {
			t.Parallel()
			with = runCodejudgeOutage(t, stackOptions{})
		})
		t.Run("without a breaker", func(t *testing.T) {
			t.Parallel()
			without = runCodejudgeOutage(t, stackOptions{accounts: withoutCodejudgeBreaker})
		})
	})
	if t.Failed() {
		return
	}
	for _, r := range []struct {
		name string
		outageResult
	}{{"with the breaker", with}, {"without a breaker", without}} {
		t.Logf("%s: %d attempts at Codejudge during the outage (%d refused, %d answered 503 by the proxy), breaker opened %d times, all invited %v after it",
			r.name, r.attempts, r.refused, r.proxied, r.opened, r.invitedAfter.Round(time.Millisecond))
	}
	require.Positive(t, with.opened, "the breaker opened")
	require.Zero(t, without.opened)
	require.Less(t, with.attempts*5, without.attempts, "the breaker cuts the requests at a Codejudge that is down")
}

func runCodejudgeOutage(t *testing.T, opts stackOptions) outageResult {
	s := startStack(t, opts)
	s.cjProxy.set(unavailable)
	opps := s.addCandidates(outageCandidates, "outage")
	s.deliverEach(opps, 1, 100*time.Millisecond)
	s.awaitFault(s.cjProxy)
	time.Sleep(outageUnavailable)
	s.cjProxy.refuse()
	time.Sleep(outageRefused)
	cj := s.calls.of("codejudge")
	res := outageResult{attempts: cj.attempts, refused: cj.refused, proxied: int(s.cjProxy.seen.Load()), opened: cj.opened}
	s.cjProxy.set(passThrough)
	s.cjProxy.restore()
	res.invitedAfter = s.awaitAll("invited after the outage", opps, 2*time.Minute, s.invited)
	s.requireInvitedOnce(opps)
	return res
}

// withoutCodejudgeBreaker is the production accounts but for a Codejudge
// client whose breaker never opens.
func withoutCodejudgeBreaker(s *stack, prod *activities.ConnectionAccounts) activities.Accounts {
	cj, err := codejudge.New(codejudge.Config{
		BaseURL: s.conn.Codejudge.BaseURL, APIKey: s.conn.Codejudge.APIKey.Reveal(), Account: sandbox.ConnectionID,
		BreakerFailures: math.MaxUint32, Observe: s.calls.observe, OnBreakerState: s.calls.breakerChanged,
	})
	require.NoError(s.t, err)
	return accountsWithCodejudge{ConnectionAccounts: prod, codejudge: cj}
}

type accountsWithCodejudge struct {
	*activities.ConnectionAccounts
	codejudge activities.CodejudgeAPI
}

func (a accountsWithCodejudge) Codejudge(context.Context, string) (activities.CodejudgeAPI, error) {
	return a.codejudge, nil
}

// awaitFault waits until the proxy has answered a request with its fault.
func (s *stack) awaitFault(p *faultProxy) {
	s.t.Helper()
	require.Eventually(s.t, func() bool { return p.faults() > 0 }, time.Minute, 50*time.Millisecond, "a request met the fault")
}
