package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/cjlever/cjlever/ops"
	"github.com/cjlever/cjlever/workflows"
)

// printOrJSON prints v as indented JSON or with printText.
func printOrJSON[T any](w io.Writer, asJSON bool, v T, printText func(io.Writer, T) error) error {
	if !asJSON {
		return printText(w, v)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printSummaries is one line per assessment run.
func printSummaries(w io.Writer, runs []ops.Summary) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CONNECTION\tOPPORTUNITY\tSTATUS\tLAST CHANGE\tRUN")
	for _, r := range runs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", dash(r.Connection), dash(r.Opportunity), dash(r.Status), when(r.LastChange), r.Execution)
	}
	return tw.Flush()
}

// printDetail is the status, then what happened, in order, in words.
func printDetail(w io.Writer, d ops.Detail) error {
	fmt.Fprintf(w, "Assessment %s\nConnection: %s\nOpportunity: %s\nRun: %s (started %s)\n",
		d.WorkflowID, d.Connection, d.Opportunity, d.Execution, when(d.StartTime))
	if d.Status == nil {
		_, err := fmt.Fprintf(w, "Status: %s (the status query could not be answered: %s)\n", dash(d.Summary.Status), d.StatusError)
		return err
	}
	st := d.Status
	fmt.Fprintf(w, "Status: %s\n", st.State)
	if st.Reason != "" {
		fmt.Fprintf(w, "Reason: %s\n", st.Reason)
	}
	if st.Waiting != "" {
		fmt.Fprintf(w, "Waiting: %s\n", st.Waiting)
	}
	if !st.AttentionUntil.IsZero() {
		fmt.Fprintf(w, "Waits for an ops decision until %s\n", when(st.AttentionUntil))
	}
	for _, t := range st.Tests {
		fmt.Fprintf(w, "Test %s: %s%s\n", t.TestID, t.State, testDetail(t))
	}
	fmt.Fprintln(w, "What happened:")
	for _, e := range st.Events {
		fmt.Fprintf(w, "  %s  %s\n", when(e.At), e.Text)
	}
	return nil
}

// testDetail is a test's invite id and reason, if any.
func testDetail(t workflows.TestStatus) string {
	s := ""
	if t.InviteID != "" {
		s += ", invite " + t.InviteID
	}
	if t.Reason != "" {
		s += ": " + t.Reason
	}
	return s
}

// printOutcomes is one line per assessment RetryAll acted on. Any error
// makes the command fail; a refusal does not: that assessment was not
// parked, so it needed no retry (docs/operations.md says so).
func printOutcomes(w io.Writer, outcomes []ops.Outcome) error {
	failed := 0
	for _, o := range outcomes {
		fmt.Fprintf(w, "%s/%s: %s", dash(o.Connection), o.Opportunity, o.Result)
		if o.Error != "" && o.Result != ops.OutcomeRefused {
			fmt.Fprintf(w, ": %s", o.Error)
		}
		fmt.Fprintln(w)
		if o.Result == ops.OutcomeError {
			failed++
		}
	}
	fmt.Fprintf(w, "%d assessments looked at.\n", len(outcomes))
	if failed > 0 {
		return fmt.Errorf("%d of %d retries failed", failed, len(outcomes))
	}
	return nil
}

// printDecision says what a retry or dismissal did.
func printDecision(w io.Writer, done string, ref ops.Ref, st workflows.AssessmentStatus, err error) error {
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s opportunity %s (connection %s): now %s.\n", done, ref.Opportunity, dash(st.ConnectionID), st.State)
	return err
}

// when is a time for people, "-" when unknown.
func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04:05 MST")
}
