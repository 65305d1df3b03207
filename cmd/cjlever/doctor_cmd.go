package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/connections"
	"github.com/cjlever/cjlever/doctor"
	"github.com/cjlever/cjlever/workflows"
)

// runDoctor checks every enabled connection (or the one named, even
// disabled), prints what it found with the fix for each problem, and fails
// when anything needs fixing.
func runDoctor(ctx context.Context, args []string, lookup func(string) (string, bool), out io.Writer) error {
	fs := flag.NewFlagSet("doctor", flag.ContinueOnError)
	only := fs.String("connection", "", "check only this connection (even a disabled one)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("doctor: unexpected argument %q", fs.Arg(0))
	}
	publicURL, _ := lookup("CJLEVER_PUBLIC_URL")
	if publicURL = strings.TrimRight(strings.TrimSpace(publicURL), "/"); publicURL == "" {
		return errors.New("CJLEVER_PUBLIC_URL is required: the gateway's public base URL, where Lever's webhooks must point")
	}
	c, err := dialTool(lookup)
	if err != nil {
		return err
	}
	defer c.Close()
	dir := connections.NewDirectory(c, connections.Options{})
	views, err := connectionsToCheck(ctx, dir, *only)
	if err != nil {
		return err
	}
	var reports []doctor.Report
	problems := 0
	for _, v := range views {
		conn, err := doctorConnection(ctx, dir, v, publicURL)
		if err != nil {
			return err
		}
		r := doctor.Check(ctx, conn)
		problems += r.Problems()
		reports = append(reports, r)
	}
	if err := doctor.Write(out, reports); err != nil {
		return err
	}
	if problems > 0 {
		return fmt.Errorf("doctor found %d problem(s)", problems)
	}
	return nil
}

// connectionsToCheck is the named connection, or every one not disabled.
func connectionsToCheck(ctx context.Context, dir *connections.Directory, only string) ([]connections.View, error) {
	if only != "" {
		v, err := dir.View(ctx, only)
		if err != nil {
			return nil, fmt.Errorf("connection %s: %w", only, err)
		}
		return []connections.View{v}, nil
	}
	all, err := dir.List(ctx)
	if err != nil {
		return nil, err
	}
	var views []connections.View
	for _, v := range all {
		if v.State != workflows.ConnectionDisabled {
			views = append(views, v)
		}
	}
	return views, nil
}

// doctorConnection reads a connection with its secrets and builds its
// clients from its own credentials: an OAuth connection's access token comes
// from its workflow, as the worker's does.
func doctorConnection(ctx context.Context, dir *connections.Directory, v connections.View, publicURL string) (doctor.Connection, error) {
	conn, err := dir.Get(ctx, v.ID)
	if err != nil {
		return doctor.Connection{}, fmt.Errorf("reading connection %s: %w", v.ID, err)
	}
	id := url.PathEscape(v.ID)
	dc := doctor.Connection{
		ID: v.ID, TriggerStageID: conn.TriggerStageID, PerformAs: conn.PerformAs,
		OAuth: v.Auth != connections.AuthAPIKey, NeedsReauthorization: conn.Lever.NeedsReauthorization,
		// As the settings page says them.
		WebhookURL: publicURL + "/webhooks/lever/" + id, SettingsURL: publicURL + "/settings/connections/" + id,
	}
	dc.Codejudge, dc.CodejudgeErr = codejudge.New(codejudge.Config{
		BaseURL: conn.Codejudge.BaseURL, APIKey: conn.Codejudge.APIKey.Reveal(), Account: v.ID})
	if dc.CodejudgeErr != nil {
		dc.Codejudge = nil // a typed nil would pass for a client
	}
	if !dc.NeedsReauthorization {
		dc.Lever, dc.LeverErr = doctorLever(ctx, dir, v, conn.Lever.BaseURL, conn.Lever.APIKey.Reveal())
	}
	return dc, nil
}

// doctorLever is the connection's Lever client, nil with the reason when
// Lever cannot be called.
func doctorLever(ctx context.Context, dir *connections.Directory, v connections.View, baseURL, apiKey string) (doctor.LeverAPI, error) {
	cfg := lever.Config{BaseURL: baseURL, APIKey: apiKey, Account: v.ID}
	switch v.Auth {
	case "":
		return nil, errors.New("not connected yet")
	case connections.AuthOAuth:
		tok, err := dir.LeverToken(ctx, v.ID, "")
		if err != nil {
			return nil, err
		}
		cfg.APIKey, cfg.HTTPClient = "", lever.AuthorizingClient(nil, oauth2.StaticTokenSource(tok))
	}
	c, err := lever.New(cfg)
	if err != nil {
		return nil, err
	}
	return c, nil
}
