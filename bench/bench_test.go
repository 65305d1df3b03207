package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestPercentileIsNearestRank(t *testing.T) {
	var sorted []time.Duration
	for i := 1; i <= 100; i++ {
		sorted = append(sorted, time.Duration(i)*time.Millisecond)
	}
	require.Equal(t, 50*time.Millisecond, Percentile(sorted, 50))
	require.Equal(t, 99*time.Millisecond, Percentile(sorted, 99))
	require.Equal(t, 100*time.Millisecond, Percentile(sorted, 100))
	require.Equal(t, time.Millisecond, Percentile(sorted, 0))
	require.Equal(t, 7*time.Millisecond, Percentile([]time.Duration{7 * time.Millisecond}, 99))
	require.Zero(t, Percentile(nil, 50))
}

func TestSummarizeSortsAndCounts(t *testing.T) {
	s := Summarize(Sample{
		Latencies: []time.Duration{3 * time.Millisecond, time.Millisecond, 2 * time.Millisecond, 4 * time.Millisecond},
		Errors:    1, Elapsed: 2 * time.Second,
	})
	require.Equal(t, Summary{OK: 4, Errors: 1, PerSecond: 2, P50: 2 * time.Millisecond, P99: 4 * time.Millisecond, Max: 4 * time.Millisecond}, s)
}

func TestClosedLoopRunsEveryOperationOnceAndCountsFailures(t *testing.T) {
	seen := make([]int, 20)
	s := ClosedLoop(context.Background(), 20, 4, func(_ context.Context, i int) error {
		seen[i]++
		if i%5 == 0 {
			return errors.New("boom")
		}
		return nil
	})
	for i, n := range seen {
		require.Equal(t, 1, n, "operation %d", i)
	}
	require.Len(t, s.Latencies, 16)
	require.Equal(t, 4, s.Errors)
	require.EqualError(t, s.FirstError, "boom")
}

func TestOpenLoopKeepsItsRateAndTimesFromTheSchedule(t *testing.T) {
	s := OpenLoop(context.Background(), 5, 100, func(context.Context, int) error {
		time.Sleep(30 * time.Millisecond)
		return nil
	})
	require.Len(t, s.Latencies, 5)
	// Five starts 10 ms apart, each taking 30 ms: about 70 ms in all, not
	// the 150 ms a sender that waited for each answer would take.
	require.Less(t, s.Elapsed, 140*time.Millisecond)
	for _, l := range s.Latencies {
		require.GreaterOrEqual(t, l, 30*time.Millisecond)
	}
}

func TestReportChecksTargetsAndWritesOneJSONLine(t *testing.T) {
	r := &Report{}
	r.Add("1. ingest", "ingest.closed.ratio_to_raw", "ratio", 0.75, "")
	r.Add("3. calls", "calls.per_invite", "per invite", 3, "calls")
	r.Check("ratio >= 0.9", "ingest.closed.ratio_to_raw", ">=", 0.9)
	r.Check("calls <= 3", "calls.per_invite", "<=", 3)
	r.Check("not measured", "memory.waiting.worker_rss_mb", "<", 300)
	r.Errorf("webhook %d: %s", 7, "503")
	require.Equal(t, 1, r.Missed())
	require.Len(t, r.Targets, 2, "a figure that was not measured checks nothing")

	var table bytes.Buffer
	require.NoError(t, r.WriteTable(&table))
	require.Contains(t, table.String(), "MISS  ratio >= 0.9")
	require.Contains(t, table.String(), "PASS  calls <= 3")
	require.Contains(t, table.String(), "webhook 7: 503")

	var out bytes.Buffer
	require.NoError(t, r.WriteJSON(&out))
	line, ok := strings.CutPrefix(out.String(), JSONPrefix)
	require.True(t, ok)
	require.Equal(t, 1, strings.Count(line, "\n"))
	var got struct {
		Figures map[string]float64
		Targets []Target
		Errors  []string
	}
	require.NoError(t, json.Unmarshal([]byte(line), &got))
	require.Equal(t, 0.75, got.Figures["ingest.closed.ratio_to_raw"])
	require.False(t, got.Targets[0].Pass)
	require.Equal(t, []string{"webhook 7: 503"}, got.Errors)
}
