//go:build !nodev

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/cjlever/cjlever/bench"
)

// benchFlags are `cjlever bench`'s flags.
type benchFlags struct {
	db, parts              string
	smoke                  bool
	opts                   bench.Options
	cpuProfile, memProfile string
	temporalLogLevel       string
	// bin runs the gateway and the worker.
	bin string
}

func parseBenchFlags(args []string) (benchFlags, error) {
	f := benchFlags{}
	o := &f.opts
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.StringVar(&f.db, "db", "memory", "Temporal's persistence: memory or file (SQLite in a temporary directory)")
	fs.StringVar(&f.parts, "parts", "ingest,e2e,bulk,memory", "the parts to run, comma-separated")
	fs.BoolVar(&f.smoke, "smoke", false, "small sizes, under a minute; fails on errors, never on a missed target")
	fs.IntVar(&o.Ingest.N, "n", 2000, "ingest: operations per closed-loop run")
	fs.IntVar(&o.Ingest.Concurrency, "concurrency", 16, "ingest: concurrent senders in the closed loop")
	fs.Float64Var(&o.Ingest.Rate, "rate", 50, "ingest: open-loop webhooks per second")
	fs.IntVar(&o.Ingest.OpenN, "open-n", 1000, "ingest: operations per open-loop run")
	fs.IntVar(&o.Ingest.Warmup, "warmup", 50, "ingest: unmeasured operations of each kind first")
	fs.IntVar(&o.EndToEnd.Spaced, "spaced", 15, "e2e: candidates moved one at a time")
	fs.DurationVar(&o.EndToEnd.Gap, "gap", 700*time.Millisecond, "e2e: time between spaced moves")
	fs.IntVar(&o.EndToEnd.SteadyN, "steady", 40, "e2e: candidates moved at a steady rate")
	fs.Float64Var(&o.EndToEnd.SteadyRate, "steady-rate", 20, "e2e: moves per second in the steady run")
	fs.DurationVar(&o.EndToEnd.Poll, "poll", 5*time.Millisecond, "e2e: how often Lever's notes are read while waiting")
	fs.DurationVar(&o.EndToEnd.Timeout, "note-timeout", 5*time.Minute, "e2e: longest wait for one note")
	fs.IntVar(&o.Bulk.N, "bulk", 2000, "bulk: candidates moved into the trigger stage at once")
	fs.DurationVar(&o.Bulk.Timeout, "bulk-timeout", time.Hour, "bulk: longest wait until they all wait for a result")
	fs.IntVar(&o.Memory.Waiting, "waiting", 10000, "memory: assessments brought to wait for a result")
	fs.DurationVar(&o.Memory.Timeout, "waiting-timeout", 3*time.Hour, "memory: longest wait until they all wait")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write the bench process's CPU profile (Temporal server, emulators, load) to this file")
	fs.StringVar(&f.memProfile, "memprofile", "", "write the bench process's heap profile at the end to this file")
	fs.StringVar(&f.bin, "bin", "", "the cjlever binary to run the gateway and worker with (default: this one, which carries the dev server; a -tags nodev build is production's)")
	fs.StringVar(&f.temporalLogLevel, "temporal-log-level", "fatal", "the embedded Temporal server's log level")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	if f.db != "memory" && f.db != "file" {
		return f, fmt.Errorf("bench: --db must be memory or file, not %q", f.db)
	}
	if f.smoke {
		f.opts.Ingest = bench.IngestOptions{N: 60, Concurrency: 4, Rate: 20, OpenN: 20, Warmup: 5}
		e := &f.opts.EndToEnd
		e.Spaced, e.Gap, e.SteadyN, e.SteadyRate = 3, 700*time.Millisecond, 4, 20
		f.opts.Bulk = bench.BulkOptions{N: 30, Timeout: time.Minute}
		f.opts.Memory.Waiting, f.opts.Memory.Timeout = 5, time.Minute
	}
	f.opts.Database = f.db
	return f, nil
}

// runBench runs the benchmark on an embedded stack and prints its report.
func runBench(ctx context.Context, args []string) error {
	f, err := parseBenchFlags(args)
	if err != nil {
		return err
	}
	stopProfile, err := startCPUProfile(f.cpuProfile)
	if err != nil {
		return err
	}
	st, err := startBenchStack(ctx, f)
	if err != nil {
		stopProfile()
		return err
	}
	report, runErr := bench.Run(ctx, st.stack, f.opts, strings.Split(f.parts, ","))
	stopProfile()
	st.stop()
	if err := writeMemProfile(f.memProfile); err != nil {
		return err
	}
	if report != nil {
		fmt.Printf("cjlever bench (--db %s%s) on %d CPUs, %s; gateway and worker logs in %s (removed after a clean run)\n",
			f.db, map[bool]string{true: ", --smoke"}[f.smoke], runtime.NumCPU(), runtime.Version(), st.dir)
		if err := report.WriteTable(os.Stdout); err != nil {
			return err
		}
		if err := report.WriteJSON(os.Stdout); err != nil {
			return err
		}
	}
	if err := benchVerdict(report, runErr, f.smoke); err != nil {
		return err
	}
	return os.RemoveAll(st.dir)
}

// benchVerdict fails a run with errors; a missed target fails only a full
// run, never a smoke run (CI's, on shared machines).
func benchVerdict(report *bench.Report, runErr error, smoke bool) error {
	switch {
	case runErr != nil:
		return fmt.Errorf("bench: %w", runErr)
	case len(report.Errors) > 0:
		return fmt.Errorf("bench: %d errors (see ERRORS above)", len(report.Errors))
	case report.Missed() > 0 && !smoke:
		return fmt.Errorf("bench: %d targets missed (see MISS above)", report.Missed())
	}
	return nil
}

func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	file, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(file); err != nil {
		file.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); file.Close() }, nil
}

func writeMemProfile(path string) error {
	if path == "" {
		return nil
	}
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC()
	return errors.Join(pprof.WriteHeapProfile(file), file.Close())
}
