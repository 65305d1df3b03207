package workflows

import (
	"fmt"
	"time"
)

// Notes of the invite's lifecycle past the invite itself: an outage, an
// archive, a reminder, an expiry and what score bands did.

// outageReason is why an invite did not go out while Codejudge was down.
func outageReason(bound time.Duration) string {
	return fmt.Sprintf("Codejudge did not answer for %s (it may be down); once it is back, move the candidate "+
		"to the assessment stage again or ask support to retry", bound)
}

func archivedNote(testID, testName string) string {
	return fmt.Sprintf("Codejudge: the opportunity was archived in Lever, so the invite to %s was cancelled.",
		testLabel(testID, testName))
}

func reminderNote(testID, testName string, expires time.Time) string {
	return fmt.Sprintf("Codejudge: reminded the candidate to finish %s before %s.",
		testLabel(testID, testName), noteTime(expires))
}

func plagiarismNote() string {
	return "Codejudge: the result is flagged for plagiarism, so it was not acted on; a person should review it."
}

func passedNote(testID, testName string, percentage, mark float64) string {
	return fmt.Sprintf("Codejudge: the score of %.1f%% in %s is at or above the pass mark of %s%%, "+
		"so the candidate was moved to the next stage.", percentage, testLabel(testID, testName), num(mark))
}

func failedNote(testID, testName string, percentage, mark float64, tag string) string {
	return fmt.Sprintf("Codejudge: the score of %.1f%% in %s is below the fail mark of %s%%, so it was tagged %q.",
		percentage, testLabel(testID, testName), num(mark), tag)
}

func archivedCancelFailedNote(testID, testName string) string {
	return fmt.Sprintf("Codejudge: the opportunity was archived in Lever, but Codejudge did not answer when asked to "+
		"cancel the invite to %s: the candidate may still take it, and its result will not be posted here.",
		testLabel(testID, testName))
}
