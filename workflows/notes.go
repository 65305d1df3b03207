package workflows

import (
	"fmt"
	"strings"
	"time"

	"github.com/cjlever/cjlever/activities"
)

// Note texts are written for recruiters reading the opportunity in Lever.
// Every note starts with "Codejudge:" so they are easy to spot and filter.

const noteTimeLayout = "2 Jan 2006 15:04 MST"

func noteTime(t time.Time) string { return t.UTC().Format(noteTimeLayout) }

func inviteSentNote(inv activities.Invite) string {
	return fmt.Sprintf("Codejudge: invited the candidate to the test %s.\nInvite status: %s\nInvite expires: %s\nInvite id: %s",
		testLabel(inv.TestID, inv.TestName), inv.Status, noteTime(inv.ExpiresAt), inv.InviteID)
}

func alreadyInvitedNote(inv activities.Invite) string {
	s := fmt.Sprintf("Codejudge: no new invite was sent for the test %s: the candidate was already invited to it",
		testLabel(inv.TestID, inv.TestName))
	if !inv.InvitedAt.IsZero() {
		s += " on " + noteTime(inv.InvitedAt)
	}
	return s + fmt.Sprintf(" (status: %s, invite id: %s).", inv.Status, inv.InviteID)
}

func inviteFailedNote(testID, reason string) string {
	return fmt.Sprintf("Codejudge: the invite to the test %s could not be sent. %s", testID, reason)
}

func noTestTagNote(postingName string) string {
	posting := "its job posting"
	if postingName != "" {
		posting = fmt.Sprintf("its job posting %q", postingName)
	}
	return fmt.Sprintf("Codejudge: no assessment was sent. Neither this opportunity nor %s has a Codejudge test tag "+
		"(a tag like CJ-81519). Add the test id as a tag, then move the candidate to the assessment stage again.", posting)
}

func noEmailNote() string {
	return "Codejudge: no assessment was sent. The candidate has no email address in Lever. " +
		"Add one, then move the candidate to the assessment stage again."
}

// retriedNote and dismissedNote audit an ops decision on the opportunity.
func retriedNote(req OpsRequest) string {
	return withReason(fmt.Sprintf("Codejudge: %s retried the invite.", req.Actor), req.Reason)
}

func dismissedNote(req OpsRequest) string {
	return withReason(fmt.Sprintf("Codejudge: %s dismissed the failed assessment; nothing more will be sent.", req.Actor), req.Reason)
}

func withReason(s, reason string) string {
	if reason == "" {
		return s
	}
	return s + " " + reason
}

// resultNote is built with Sprintf rather than Fprintf, which the SDK's
// workflowcheck cannot tell from writing to a file.
func resultNote(testID, testName string, r activities.Result, completedAt time.Time) string {
	var b strings.Builder
	b.WriteString(fmt.Sprintf("Codejudge: the candidate completed the test %s", testLabel(testID, testName)))
	if !completedAt.IsZero() {
		b.WriteString(fmt.Sprintf(" on %s", noteTime(completedAt)))
	}
	b.WriteString(fmt.Sprintf(".\nScore: %s / %s (%.1f%%)", num(r.Score), num(r.MaxScore), r.Percentage))
	for _, s := range r.Sections {
		b.WriteString(fmt.Sprintf("\n- %s: %s / %s", s.Name, num(s.Score), num(s.MaxScore)))
	}
	if r.TimeTaken > 0 {
		b.WriteString(fmt.Sprintf("\nTime taken: %s", r.TimeTaken.Round(time.Minute)))
	}
	if r.PlagiarismFlagged {
		b.WriteString("\nPlagiarism: FLAGGED")
		if r.PlagiarismDetails != "" {
			b.WriteString(" (" + r.PlagiarismDetails + ")")
		}
	} else {
		b.WriteString("\nPlagiarism: not flagged")
	}
	if r.ReportURL != "" {
		b.WriteString("\nFull report: " + r.ReportURL)
	}
	return b.String()
}

func notFinishedNote(testID, testName, status string, deadline time.Time) string {
	why := "did not complete it"
	if status == activities.InviteStatusExpired {
		why = "let the invite expire"
	} else if status == activities.InviteStatusCancelled {
		why = "could not take it: the invite was cancelled"
	}
	return fmt.Sprintf("Codejudge: the candidate %s for the test %s (checked %s). No result will be posted.",
		why, testLabel(testID, testName), noteTime(deadline))
}

func testLabel(id, name string) string {
	if name == "" {
		return id
	}
	return fmt.Sprintf("%q (%s)", name, id)
}

// num prints a score without a pointless ".0".
func num(f float64) string {
	if f == float64(int64(f)) {
		return fmt.Sprintf("%d", int64(f))
	}
	return fmt.Sprintf("%.1f", f)
}

// connectionDisabledNote tells the recruiter why an assessment stopped.
func connectionDisabledNote() string {
	return "Codejudge: this assessment was stopped because the Codejudge integration was disabled. " +
		"Any test already sent stays valid in Codejudge, but its result will not be posted here."
}
