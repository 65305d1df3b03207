package bench

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// EndToEndOptions size parts 2 and 3.
type EndToEndOptions struct {
	// Spaced candidates are moved Gap apart.
	Spaced int
	Gap    time.Duration
	// SteadyN candidates are moved at SteadyRate per second.
	SteadyN    int
	SteadyRate float64
	// Poll is how often Lever's notes are read while waiting; Timeout bounds
	// the wait for one note.
	Poll, Timeout time.Duration
}

// The notes cjlever writes (workflows/notes.go) contain these.
const (
	inviteNoteText = "invited the candidate"
	resultNoteText = "the candidate completed the test"
)

// endToEnd is parts 2 and 3: candidates moved into the trigger stage
// through Lever's API, timed until the invite note reads back through it;
// the spaced ones then complete their test, timed until the result note.
// Lever counts the calls meanwhile.
func endToEnd(ctx context.Context, st Stack, o Options, r *Report) {
	const section = "2. end to end (stage change -> note visible in Lever)"
	e := o.EndToEnd
	opps, err := createCandidates(ctx, st.Lever, e.Spaced+e.SteadyN)
	if err != nil {
		r.Errorf("creating candidates: %v", err)
		return
	}
	spaced, steady := opps[:e.Spaced], opps[e.Spaced:]
	// Creating a candidate makes Lever send applicationCreated, which
	// cjlever checks with Lever calls of its own: let those pass first.
	if err := settle(ctx, st.Lever); err != nil {
		r.Errorf("%v", err)
		return
	}
	invites := startCount(st.Lever)
	invited := func(list []string) Op {
		return func(ctx context.Context, i int) error {
			if err := st.Lever.MoveToTrigger(ctx, list[i]); err != nil {
				return err
			}
			return waitForNote(ctx, st.Lever, list[i], inviteNoteText, e)
		}
	}
	r.addSummary(section, "e2e.spaced", fmt.Sprintf("%d moves %s apart", e.Spaced, e.Gap), OpenLoop(ctx, e.Spaced, 1/e.Gap.Seconds(), invited(spaced)))
	r.addSummary(section, "e2e.steady", fmt.Sprintf("%d moves at %.0f/s", e.SteadyN, e.SteadyRate), OpenLoop(ctx, e.SteadyN, e.SteadyRate, invited(steady)))
	// The invite's tag and note go out at once: the note may read back
	// before the tag is written. Count the tag as the invite's.
	if err := settle(ctx, st.Lever); err != nil {
		r.Errorf("%v", err)
		return
	}
	inviteCalls := invites.byRoute()

	results := startCount(st.Lever)
	completed := func(ctx context.Context, i int) error {
		if err := st.Codejudge.Complete(ctx, spaced[i], 80); err != nil {
			return err
		}
		return waitForNote(ctx, st.Lever, spaced[i], resultNoteText, e)
	}
	r.addSummary(section, "e2e.result", "test completed -> result note, one at a time", ClosedLoop(ctx, len(spaced), 1, completed))
	if err := settle(ctx, st.Lever); err != nil { // the link, as the tag above
		r.Errorf("%v", err)
		return
	}
	const calls = "3. Lever calls, counted by Lever"
	reportCalls(r, calls, "calls", "invite", inviteCalls, len(opps))
	reportCalls(r, calls, "calls", "result", results.byRoute(), len(spaced))
	r.Notef("e2e: notes polled every %s through Lever's API with an unmetered key of the account, which Lever counts apart from cjlever's", e.Poll)
}

// createCandidates creates n candidates of one account, eight at a time.
func createCandidates(ctx context.Context, lever Lever, n int) ([]string, error) {
	cands, err := createSpread(ctx, []Lever{lever}, n)
	opps := make([]string, len(cands))
	for i, c := range cands {
		opps[i] = c.opportunityID
	}
	return opps, err
}

// waitForNote polls the opportunity's notes until one contains text.
func waitForNote(ctx context.Context, lever Lever, opportunityID, text string, e EndToEndOptions) error {
	deadline := time.Now().Add(e.Timeout)
	for {
		notes, err := lever.Notes(ctx, opportunityID)
		if err != nil {
			return err
		}
		if len(notesWith(notes, text)) > 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no note %q on %s within %s", text, opportunityID, e.Timeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(e.Poll):
		}
	}
}

// notesWith are the notes that contain text.
func notesWith(notes []Note, text string) []Note {
	var out []Note
	for _, n := range notes {
		if strings.Contains(n.Text, text) {
			out = append(out, n)
		}
	}
	return out
}

// settle waits until Lever has seen no request for two seconds: cjlever has
// finished what it was doing.
func settle(ctx context.Context, lever Lever) error {
	const quiet, limit = 2 * time.Second, 10 * time.Minute
	total := func() (n int) {
		for _, c := range lever.Requests() {
			n += c
		}
		return n
	}
	deadline := time.Now().Add(limit)
	last, since := total(), time.Now()
	for time.Since(since) < quiet {
		if time.Now().After(deadline) {
			return fmt.Errorf("cjlever kept calling Lever for %s", limit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if n := total(); n != last {
			last, since = n, time.Now()
		}
	}
	return nil
}
