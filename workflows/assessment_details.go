package workflows

import (
	"fmt"
	"strings"
	"time"
)

// assessmentDetails says in a sentence what an assessment waits for, e.g.
// "Ada Lovelace: waiting for the candidate to finish CJ-81519, deadline 5
// Dec". The details are user metadata, encoded by the payload codec, so they
// may name the candidate.
func assessmentDetails(s AssessmentStatus) string {
	var what string
	switch s.State {
	case StateResolving:
		what = "reading the opportunity in Lever"
	case StateNeedsAttention:
		what = fmt.Sprintf("needs attention: %s; retry or dismiss by %s", s.Reason, shortDate(s.AttentionUntil))
	case StateInviting, StateAwaitingResult:
		what = testsDetails(s.Tests)
	default:
		what = strings.ToLower(string(s.State))
		if s.Reason != "" {
			what += ": " + s.Reason
		}
	}
	if s.CandidateName == "" {
		return what
	}
	return s.CandidateName + ": " + what
}

// testsDetails says what each test under way waits for.
func testsDetails(tests []TestStatus) string {
	var parts []string
	for _, t := range tests {
		switch t.State {
		case StateInviting:
			parts = append(parts, "inviting the candidate to "+t.TestID)
		case StateAwaitingResult:
			deadline := t.ExpiresAt
			if deadline.IsZero() {
				deadline = t.Deadline
			}
			parts = append(parts, fmt.Sprintf("waiting for the candidate to finish %s, deadline %s", t.TestID, shortDate(deadline)))
		}
	}
	if len(parts) == 0 {
		return "waiting for the tests to finish"
	}
	return strings.Join(parts, "; ")
}

// stateEventText words an assessment's move to state for what happened.
func stateEventText(state State, reason string) string {
	text := map[State]string{
		StateResolving:      "reading the opportunity in Lever",
		StateInviting:       "inviting the candidate",
		StateAwaitingResult: "invited; waiting for the candidate's results",
		StateNeedsAttention: "needs attention",
		StateCompleted:      "completed: every result is posted in Lever",
	}[state]
	if text == "" {
		text = strings.ToLower(string(state))
	}
	if reason != "" {
		text += ": " + reason
	}
	return text
}

// testEventText words one test's new state for what happened.
func testEventText(t TestStatus) string {
	var text string
	switch t.State {
	case StateInviting:
		text = "sending the invite"
	case StateAwaitingResult:
		text = fmt.Sprintf("invited (invite %s, expires %s)", t.InviteID, shortDate(t.ExpiresAt))
	case StateCompleted:
		text = "result posted in Lever"
		if t.Result != nil {
			text = fmt.Sprintf("result posted in Lever (%.1f%%)", t.Result.Percentage)
		}
	case StateExpired:
		text = "the invite expired unfinished; tagged " + TagExpired
	case StateCancelled:
		text = "stopped"
	case StateNotFinished:
		text = "the candidate did not finish by the deadline"
	case StateError:
		text = "failed"
	default:
		text = strings.ToLower(string(t.State))
	}
	if t.Reason != "" {
		text += ": " + t.Reason
	}
	return t.TestID + ": " + text
}

func shortDate(t time.Time) string { return t.UTC().Format("2 Jan") }
