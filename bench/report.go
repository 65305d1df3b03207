package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// JSONPrefix starts the report's one JSON line, so a script can grep it.
const JSONPrefix = "BENCH_JSON "

// Figure is one measured value.
type Figure struct {
	Section string
	Key     string // unique, dotted, e.g. "ingest.closed.gateway.p99_ms"
	Label   string
	Value   float64
	Unit    string
}

// Target is an issue's goal for one figure: Value compared with Limit.
type Target struct {
	Name  string  `json:"name"`
	Key   string  `json:"key"`
	Op    string  `json:"op"` // "<", "<=" or ">="
	Limit float64 `json:"limit"`
	Value float64 `json:"value"`
	Pass  bool    `json:"pass"`
}

// Report is a run's figures, targets and errors, in the order they came.
type Report struct {
	Figures []Figure
	Targets []Target
	// Errors are failures of the system under test (a webhook not
	// acknowledged, a note that never appeared): unlike a missed target,
	// they fail even a smoke run.
	Errors []string
	// Notes say how the figures were taken (sizes, choices).
	Notes []string
}

// Add records a figure.
func (r *Report) Add(section, key, label string, value float64, unit string) {
	r.Figures = append(r.Figures, Figure{Section: section, Key: key, Label: label, Value: value, Unit: unit})
}

// Errorf records an error of the system under test.
func (r *Report) Errorf(format string, args ...any) {
	r.Errors = append(r.Errors, fmt.Sprintf(format, args...))
}

// Notef records how a figure was taken.
func (r *Report) Notef(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// Check compares the figure under key with a target; a figure that was not
// measured checks nothing.
func (r *Report) Check(name, key, op string, limit float64) {
	v, ok := r.Value(key)
	if !ok {
		return
	}
	var pass bool
	switch op {
	case "<":
		pass = v < limit
	case "<=":
		pass = v <= limit
	default: // ">="
		pass = v >= limit
	}
	r.Targets = append(r.Targets, Target{Name: name, Key: key, Op: op, Limit: limit, Value: v, Pass: pass})
}

// Value is the figure under key.
func (r *Report) Value(key string) (float64, bool) {
	for _, f := range r.Figures {
		if f.Key == key {
			return f.Value, true
		}
	}
	return 0, false
}

// WriteTable writes the figures by section, then the targets with PASS or
// MISS, then the notes and errors, for people.
func (r *Report) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	section := ""
	for _, f := range r.Figures {
		if f.Section != section {
			section = f.Section
			fmt.Fprintf(tw, "\n== %s\n", section)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", f.Label, formatValue(f.Value), f.Unit)
	}
	if len(r.Targets) > 0 {
		fmt.Fprintf(tw, "\n== targets (issue 9)\n")
	}
	for _, t := range r.Targets {
		verdict := "PASS"
		if !t.Pass {
			verdict = "MISS"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s %s %s\n", verdict, t.Name, formatValue(t.Value), t.Op, formatValue(t.Limit))
	}
	writeList(tw, "notes", r.Notes)
	writeList(tw, "ERRORS", r.Errors)
	return tw.Flush()
}

func writeList(w io.Writer, title string, items []string) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(w, "\n== %s\n", title)
	for _, s := range items {
		fmt.Fprintf(w, "  - %s\n", strings.ReplaceAll(s, "\t", " "))
	}
}

// WriteJSON writes every figure, target, note and error as one line that
// starts with JSONPrefix.
func (r *Report) WriteJSON(w io.Writer) error {
	figures := make(map[string]float64, len(r.Figures))
	for _, f := range r.Figures {
		figures[f.Key] = f.Value
	}
	b, err := json.Marshal(struct {
		Figures map[string]float64 `json:"figures"`
		Targets []Target           `json:"targets"`
		Notes   []string           `json:"notes"`
		Errors  []string           `json:"errors"`
	}{figures, r.Targets, r.Notes, r.Errors})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s%s\n", JSONPrefix, b)
	return err
}

// Missed is how many targets were missed.
func (r *Report) Missed() int {
	n := 0
	for _, t := range r.Targets {
		if !t.Pass {
			n++
		}
	}
	return n
}

func formatValue(v float64) string {
	if v == float64(int64(v)) {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.2f", v)
}

// addSummary records a load run's throughput and latencies under prefix,
// and its failures as errors.
func (r *Report) addSummary(section, prefix, label string, s Sample) Summary {
	sum := Summarize(s)
	r.Add(section, prefix+".per_second", label+": throughput", sum.PerSecond, "/s")
	r.Add(section, prefix+".p50_ms", label+": p50", ms(sum.P50), "ms")
	r.Add(section, prefix+".p99_ms", label+": p99", ms(sum.P99), "ms")
	if s.Errors > 0 {
		r.Errorf("%s: %d of %d failed, first: %v", label, s.Errors, s.Errors+sum.OK, s.FirstError)
	}
	return sum
}
