package gateway

import (
	"bytes"
	"errors"
	"net/http"
	"testing"
	"time"
)

// A genuine signed delivery re-posted, as is or with another opportunity in
// its (unsigned) body, is refused: Lever never sends a token twice.
func TestLeverReplayedTokenIsRefused(t *testing.T) {
	h := newHarness(t)
	at := fixedNow.Add(-time.Minute)
	genuine := signedLever(t, stageToken, "candidateStageChange", at, stageChange("opp-1", triggerStage))
	wantStatus(t, h.postLever(t, connID, genuine), http.StatusAccepted)

	altered := bytes.Replace(genuine, []byte(`"opp-1"`), []byte(`"opp-victim"`), -1)
	for name, body := range map[string][]byte{"as is": genuine, "with another opportunity": altered} {
		r := h.postLever(t, connID, body)
		wantError(t, r, http.StatusConflict)
		if r.body["error"] == "" {
			t.Fatalf("%s: no reason given", name)
		}
	}
	if starts := h.wf.startCalls(); len(starts) != 1 || starts[0].OpportunityID != "opp-1" {
		t.Fatalf("starts %+v, want only opp-1's", starts)
	}
}

// A delivery that starts nothing (another stage) claims no token, and a
// token that cannot be recorded is not acknowledged.
func TestLeverTokenClaimOnlyForStartsAndDurable(t *testing.T) {
	h := newHarness(t)
	ignored := signedLever(t, stageToken, "candidateStageChange", fixedNow, stageChange("opp-1", "stage-onsite"))
	wantStatus(t, h.postLever(t, connID, ignored), http.StatusOK)
	if len(h.wf.tokens) != 0 {
		t.Fatalf("an ignored delivery claimed a token")
	}

	h.wf.set(func(f *fakeWorkflows) { f.startErr = errors.Join(ErrTemporalUnavailable, errors.New("down")) })
	r := h.postLever(t, connID, signedLever(t, stageToken, "candidateStageChange", fixedNow, stageChange("opp-1", triggerStage)))
	wantError(t, r, http.StatusServiceUnavailable)
	if len(h.wf.startCalls()) != 0 {
		t.Fatal("started although the token was not recorded")
	}
}
