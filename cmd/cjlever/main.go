// Command cjlever is the one binary of the Codejudge-for-Lever integration.
//
//	cjlever dev                       everything in one process, with emulators
//	cjlever sandbox apply|move|complete|show|archive|outage   drive the dev sandbox
//	cjlever ops list|show|retry|dismiss   find and handle stuck assessments
//	cjlever bench                     benchmark on the embedded stack (docs/performance.md)
//	cjlever gateway|worker|serve      production roles, configured by environment
//	cjlever doctor                    check the connections' setup, with fixes
//	cjlever codec-key                 a fresh CJLEVER_CODEC_KEYS value
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

const usage = `cjlever: Codejudge assessments for Lever, on Temporal.

Usage:
  cjlever dev [flags]                  run Temporal, its UI, the worker, the gateway and
                                       Lever/Codejudge emulators in one process
  cjlever sandbox apply [flags]        create a candidate on the sandbox posting
  cjlever sandbox move <opp> <stage>   move an opportunity to a stage (e.g. Assessment)
  cjlever sandbox complete <opp> --score N   finish the candidate's Codejudge test
  cjlever sandbox show <opp>           print the opportunity's tags, links and notes
  cjlever sandbox archive <opp>        archive the opportunity in Lever (an open invite is cancelled)
  cjlever sandbox outage codejudge|lever on|off   make that emulator answer 503 until off
                                       (sandbox flags: --lever-key KEY acts in another emulated
                                       Lever account, its key on its consent page)
  cjlever bench [flags]                benchmark ingest, end to end, Lever calls and memory
                                       on the embedded stack (see docs/performance.md)
  cjlever gateway                      production: the HTTP gateway (env configuration; see README)
  cjlever worker                       production: the Temporal worker
  cjlever serve                        production: gateway and worker in one process
  cjlever connections list            the connections kept in Temporal (no secrets)
  cjlever connections show <id>       one connection's settings, state and stages (no secrets)
  cjlever doctor [--connection ID]     check each connection's Lever and Codejudge setup and say
                                       how to fix each problem (needs CJLEVER_PUBLIC_URL); exit 2
                                       when anything is wrong
  cjlever ops list [--status S] [--connection C] [--older-than D] [--json]
                                       assessments by status, connection, age (docs/operations.md)
  cjlever ops show <opp> [--connection C] [--json]   an assessment's status and what happened
  cjlever ops retry <opp> | --all --status NeedsAttention [--connection C]
                                       retry a parked assessment, or all that the filter selects
  cjlever ops dismiss <opp> --reason R dismiss a parked assessment (--actor names you; default ops:$USER)
  cjlever codec-key [--id ID]          print a fresh CJLEVER_CODEC_KEYS value (a new key; to rotate,
                                       put it in front of the current keys)
  cjlever probe <url>                  exit 0 if the URL answers 2xx (container health checks)

Run "cjlever <command> -h" for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "cjlever:", err)
		}
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
		return flag.ErrHelp
	}
	quietGin()
	switch args[0] {
	case roleGateway, roleWorker, roleServe:
		return runProduction(ctx, args[0], args[1:])
	case "connections":
		return runConnections(ctx, args[1:])
	case "doctor":
		return runDoctor(ctx, args[1:], os.LookupEnv, os.Stdout)
	case "ops":
		return runOps(ctx, args[1:])
	case "probe":
		return runProbe(ctx, args[1:])
	case "codec-key":
		return runCodecKey(args[1:], os.Stdout, time.Now())
	case "dev":
		return runDev(ctx, args[1:])
	case "sandbox":
		return runSandbox(ctx, args[1:])
	case "bench":
		return runBench(ctx, args[1:])
	case "-h", "--help", "help":
		fmt.Print(usage)
		return nil
	}
	fmt.Fprint(os.Stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
