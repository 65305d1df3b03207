package faults

import (
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// redeliveredCandidates is as many as the worker's Lever client gets
// through in about a minute: it paces every call at Lever's documented 10
// requests a second (bursts to 20), and each candidate costs 8 calls
// (applicationCreated's check and the assessment each read the opportunity
// and its posting; the invite reads the candidate; a tag; a note after
// reading the notes).
const redeliveredCandidates = 70

// TestRedeliveredWebhooksInviteOnce: Lever delivers every stage change five
// times, with random gaps and each time with a new token, as its retries and
// manual re-runs do, on top of its applicationCreated event. Every
// candidate gets exactly one invite, one tag and one note.
func TestRedeliveredWebhooksInviteOnce(t *testing.T) {
	s := startStack(t, stackOptions{})
	opps := s.addCandidates(redeliveredCandidates, "redelivered")
	began := time.Now()
	starts := s.deliverEach(opps, 5, time.Second)
	started := 0
	for _, opp := range opps {
		require.LessOrEqual(t, starts[opp], 1, "opportunity %s: at most one delivery starts the assessment", opp)
		started += starts[opp]
	}
	took := s.awaitAll("invited", opps, 2*time.Minute, s.invited)
	s.requireInvitedOnce(opps)
	t.Logf("%d candidates × 5 deliveries: %d assessments started by a delivery, the rest by applicationCreated; "+
		"all invited once %v after the first delivery (%v waiting for the last; %d Lever requests at the client's pace)",
		len(opps), started, time.Since(began).Round(time.Millisecond), took.Round(time.Millisecond), s.calls.of("lever").attempts)
}

// deliverEach delivers a stage change of every opportunity times times, at
// random gaps below maxGap, all opportunities at once. A delivery the
// gateway does not accept is retried with a new token, as Lever does. It
// returns how many deliveries of each opportunity started its assessment
// (202; a duplicate is 200).
func (s *stack) deliverEach(opps []string, times int, maxGap time.Duration) map[string]int {
	s.t.Helper()
	var mu sync.Mutex
	starts := map[string]int{}
	var wg sync.WaitGroup
	for _, opp := range opps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := stageChange{opportunityID: opp, triggeredAt: time.Now().UnixMilli()}
			for range times {
				time.Sleep(rand.N(maxGap))
				if s.deliverUntilAccepted(e) == http.StatusAccepted {
					mu.Lock()
					starts[opp]++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return starts
}

// deliverUntilAccepted delivers e until the gateway answers 2xx, at most
// ten times, and returns that answer.
func (s *stack) deliverUntilAccepted(e stageChange) int {
	for attempt := 1; ; attempt++ {
		code, err := s.deliver(e)
		if err == nil && code/100 == 2 {
			return code
		}
		if attempt == 10 {
			s.t.Errorf("delivery of %s never accepted: %d %v", e.opportunityID, code, err)
			return code
		}
		time.Sleep(200 * time.Millisecond)
	}
}
