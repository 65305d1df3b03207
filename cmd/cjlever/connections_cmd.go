package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/connections"
)

// runConnections lists or shows the connections kept in Temporal, without
// their secrets. It reads the TEMPORAL_* settings like the other roles.
func runConnections(ctx context.Context, args []string) error {
	if len(args) == 0 || (args[0] == "show" && len(args) != 2) || (args[0] != "list" && args[0] != "show") {
		return fmt.Errorf("connections: want `list` or `show <id>`")
	}
	tcfg, err := config.LoadTemporal(os.LookupEnv)
	if err != nil {
		return err
	}
	c, err := dialTemporal(tcfg, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		return err
	}
	defer c.Close()
	dir := connections.NewDirectory(c, connections.Options{})
	if args[0] == "show" {
		v, err := dir.View(ctx, args[1])
		if err != nil {
			return err
		}
		return printView(os.Stdout, v)
	}
	views, err := dir.List(ctx)
	if err != nil {
		return err
	}
	return printViews(os.Stdout, views)
}

// printViews is one line per connection.
func printViews(w io.Writer, views []connections.View) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tAUTH\tENVIRONMENT\tTRIGGER STAGE\tWEBHOOKS")
	for _, v := range views {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", v.ID, v.State, dash(v.Auth), dash(v.Environment),
			dash(v.TriggerStageID), dash(strings.Join(v.WebhookEvents, ",")))
	}
	return tw.Flush()
}

// printView is the whole view, as JSON: it holds no secret.
func printView(w io.Writer, v connections.View) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
