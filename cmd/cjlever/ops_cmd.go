package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"os"

	"github.com/cjlever/cjlever/ops"
	"github.com/cjlever/cjlever/workflows"
)

// opsCommand is one parsed `cjlever ops ...`.
type opsCommand struct {
	action string // list, show, retry, dismiss
	ref    ops.Ref
	filter ops.Filter
	all    bool
	actor  string
	reason string
	json   bool
}

// runOps lists, shows, retries or dismisses assessments. It reads the
// TEMPORAL_* settings and the codec keys like `cjlever connections`.
func runOps(ctx context.Context, args []string) error {
	cmd, err := parseOps(args, os.Getenv("USER"))
	if err != nil {
		return err
	}
	c, err := dialTool(os.LookupEnv)
	if err != nil {
		return err
	}
	defer c.Close()
	svc := ops.New(c, ops.Options{Logger: slog.New(slog.NewTextHandler(os.Stderr, nil))})
	return cmd.run(ctx, svc, os.Stdout)
}

const opsUsage = "ops: want `list [--status S] [--connection C] [--older-than D]`, `show <opportunity>`, " +
	"`retry <opportunity>`, `retry --all --status S [--connection C]` or `dismiss <opportunity> --reason R`"

// parseOps reads the command line; user names the default actor.
func parseOps(args []string, user string) (opsCommand, error) {
	if len(args) == 0 {
		return opsCommand{}, errors.New(opsUsage)
	}
	if user == "" {
		user = "unknown"
	}
	cmd := opsCommand{action: args[0]}
	fs := flag.NewFlagSet("ops "+cmd.action, flag.ContinueOnError)
	status := fs.String("status", "", "CJStatus, e.g. NeedsAttention")
	fs.StringVar(&cmd.ref.Connection, "connection", "", "the connection (default: found by the opportunity)")
	olderThan := fs.String("older-than", "", "status unchanged for longer than this, e.g. 3d, 36h")
	fs.BoolVar(&cmd.all, "all", false, "retry every parked assessment the filter selects")
	fs.StringVar(&cmd.actor, "actor", "ops:"+user, "who acts, for the audit")
	fs.StringVar(&cmd.reason, "reason", "", "why (required to dismiss)")
	fs.BoolVar(&cmd.json, "json", false, "print JSON")
	positional, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return opsCommand{}, err
	}
	cmd.filter = ops.Filter{Status: workflows.State(*status), Connection: cmd.ref.Connection}
	if *olderThan != "" {
		if cmd.filter.OlderThan, err = ops.ParseAge(*olderThan); err != nil {
			return opsCommand{}, err
		}
	}
	if len(positional) == 1 {
		cmd.ref.Opportunity = positional[0]
	}
	return cmd, cmd.check(len(positional))
}

// check refuses a command whose arguments do not fit its action, or whose
// ids, status, age or reason the ops package would refuse: before any
// Temporal call.
func (cmd opsCommand) check(positional int) error {
	switch {
	case cmd.action == "list" && positional == 0,
		cmd.action == "retry" && cmd.all && positional == 0 && cmd.filter.Status != "":
		return cmd.filter.Validate()
	case cmd.action == "show" && positional == 1,
		cmd.action == "retry" && !cmd.all && positional == 1:
		return cmd.ref.Validate()
	case cmd.action == "dismiss" && positional == 1 && cmd.reason == "":
		return errors.New("ops dismiss: --reason is required")
	case cmd.action == "dismiss" && positional == 1:
		return errors.Join(cmd.ref.Validate(), ops.ValidateReason(cmd.reason))
	}
	return errors.New(opsUsage)
}

// parseInterspersed parses flags that may come after the positional
// arguments too (`ops show <opp> --connection C`), and returns those.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// run carries out the command and prints its answer to w.
func (cmd opsCommand) run(ctx context.Context, svc *ops.Service, w io.Writer) error {
	req := workflows.OpsRequest{Actor: cmd.actor, Reason: cmd.reason}
	switch {
	case cmd.action == "list":
		runs, err := svc.List(ctx, cmd.filter)
		if err != nil {
			return err
		}
		return printOrJSON(w, cmd.json, runs, printSummaries)
	case cmd.action == "show":
		d, err := svc.Show(ctx, cmd.ref)
		if err != nil {
			return err
		}
		return printOrJSON(w, cmd.json, d, printDetail)
	case cmd.all:
		outcomes, err := svc.RetryAll(ctx, cmd.filter, cmd.actor)
		if err != nil {
			return err
		}
		return printOutcomes(w, outcomes)
	case cmd.action == "retry":
		st, err := svc.Retry(ctx, cmd.ref, req)
		return printDecision(w, "Retried", cmd.ref, st, err)
	default:
		st, err := svc.Dismiss(ctx, cmd.ref, req)
		return printDecision(w, "Dismissed", cmd.ref, st, err)
	}
}
