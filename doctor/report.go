package doctor

import (
	"fmt"
	"io"
	"strings"
)

// Status is how a check came out.
type Status int

const (
	// OK: the check passed.
	OK Status = iota
	// Problem: something is wrong; Fix says what to do.
	Problem
	// Note: the check cannot be made from here; Fix says how to make it.
	Note
)

func (s Status) String() string {
	switch s {
	case OK:
		return "ok"
	case Problem:
		return "PROBLEM"
	case Note:
		return "note"
	}
	return fmt.Sprintf("status(%d)", int(s))
}

// Finding is the outcome of one check. Its words hold ids, names and URLs,
// never a secret.
type Finding struct {
	Check  string
	Status Status
	// Detail says what was found.
	Detail string
	// Fix says what to do about a Problem or a Note.
	Fix string
}

// Report is what the checks found for one connection.
type Report struct {
	ConnectionID string
	Findings     []Finding
}

func (r *Report) add(f Finding) { r.Findings = append(r.Findings, f) }

// Problems counts the findings that need fixing.
func (r Report) Problems() int {
	n := 0
	for _, f := range r.Findings {
		if f.Status == Problem {
			n++
		}
	}
	return n
}

func ok(check, detail string) Finding { return Finding{Check: check, Status: OK, Detail: detail} }

func problem(check, detail, fix string) Finding {
	return Finding{Check: check, Status: Problem, Detail: detail, Fix: fix}
}

func note(check, detail, fix string) Finding {
	return Finding{Check: check, Status: Note, Detail: detail, Fix: fix}
}

// fixLabel introduces a finding's Fix: what to do about a problem, how a
// person checks what the doctor cannot.
func fixLabel(s Status) string {
	if s == Note {
		return "how:"
	}
	return "fix:"
}

// Write prints the reports for a person: one block per connection, a line
// per finding with its fix under it, and a closing count.
func Write(w io.Writer, reports []Report) error {
	var b strings.Builder
	problems := 0
	for _, r := range reports {
		fmt.Fprintf(&b, "connection %s\n", r.ConnectionID)
		for _, f := range r.Findings {
			fmt.Fprintf(&b, "  %-8s %s: %s\n", f.Status, f.Check, f.Detail)
			if f.Fix != "" {
				fmt.Fprintf(&b, "  %-8s %s %s\n", "", fixLabel(f.Status), f.Fix)
			}
		}
		b.WriteString("\n")
		problems += r.Problems()
	}
	switch {
	case len(reports) == 0:
		b.WriteString("no connection to check\n")
	case problems == 0:
		fmt.Fprintf(&b, "all well: %d connection(s) checked, no problem found\n", len(reports))
	default:
		fmt.Fprintf(&b, "%d problem(s) found in %d connection(s)\n", problems, len(reports))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
