package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"go.temporal.io/sdk/client"

	"github.com/cjlever/cjlever/codec"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/connections"
)

// runConnections lists or shows the connections kept in Temporal, without
// their secrets. It reads the TEMPORAL_* settings like the other roles.
func runConnections(ctx context.Context, args []string) error {
	if len(args) == 0 || (args[0] == "show" && len(args) != 2) || (args[0] != "list" && args[0] != "show") {
		return fmt.Errorf("connections: want `list` or `show <id>`")
	}
	c, err := dialTool()
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

// dialTool connects a command-line tool to Temporal as the other roles
// connect (TEMPORAL_* settings), decoding with its key ring (toolKeyRing).
func dialTool() (client.Client, error) {
	tcfg, err := config.LoadTemporal(os.LookupEnv)
	if err != nil {
		return nil, err
	}
	ring, err := toolKeyRing(os.LookupEnv)
	if err != nil {
		return nil, err
	}
	return dialTemporal(tcfg, ring, slog.New(slog.DiscardHandler), nil)
}

// devKeysPath is where `cjlever dev` keeps its codec keys by default.
var devKeysPath = filepath.Join(".cjlever", "codec-keys")

// toolKeyRing is the codec key ring of a command-line tool: from
// CJLEVER_CODEC_KEYS, as the gateway and worker have it, or else, next to a
// `cjlever dev`, from the dev data dir.
func toolKeyRing(lookup func(string) (string, bool)) (*codec.KeyRing, error) {
	keys, ok := lookup("CJLEVER_CODEC_KEYS")
	if !ok || strings.TrimSpace(keys) == "" {
		b, err := os.ReadFile(devKeysPath)
		if err != nil {
			return nil, fmt.Errorf("CJLEVER_CODEC_KEYS is required to read what cjlever keeps in Temporal (and there is no %s of a local `cjlever dev`)", devKeysPath)
		}
		keys = string(b)
	}
	ring, err := codec.ParseKeyRing(strings.TrimSpace(keys))
	if err != nil {
		return nil, fmt.Errorf("CJLEVER_CODEC_KEYS: %w", err)
	}
	return ring, nil
}
