package bench

import (
	"math"
	"slices"
	"time"
)

// Sample is what one load run measured: each successful operation's
// latency, the failures and how long the run took.
type Sample struct {
	Latencies  []time.Duration
	Errors     int
	FirstError error
	Elapsed    time.Duration
}

// merge is a and b taken as one run: their latencies and errors together,
// over both runs' time.
func merge(a, b Sample) Sample {
	m := Sample{Latencies: append(slices.Clone(a.Latencies), b.Latencies...), Errors: a.Errors + b.Errors,
		FirstError: a.FirstError, Elapsed: a.Elapsed + b.Elapsed}
	if m.FirstError == nil {
		m.FirstError = b.FirstError
	}
	return m
}

// Summary condenses a Sample.
type Summary struct {
	OK, Errors int
	// PerSecond is successful operations per second of the run.
	PerSecond float64
	P50, P99  time.Duration
	Max       time.Duration
}

// Summarize computes a Sample's throughput and percentiles.
func Summarize(s Sample) Summary {
	sum := Summary{OK: len(s.Latencies), Errors: s.Errors}
	if s.Elapsed > 0 {
		sum.PerSecond = float64(len(s.Latencies)) / s.Elapsed.Seconds()
	}
	sorted := slices.Clone(s.Latencies)
	slices.Sort(sorted)
	sum.P50, sum.P99 = Percentile(sorted, 50), Percentile(sorted, 99)
	if len(sorted) > 0 {
		sum.Max = sorted[len(sorted)-1]
	}
	return sum
}

// Percentile is the nearest-rank p-th percentile of sorted latencies (0 when
// there are none): the smallest value that at least p% of them do not
// exceed.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// ms is a duration in milliseconds, the unit of every latency figure.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
