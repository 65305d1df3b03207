package main

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"go.temporal.io/sdk/client"
	"golang.org/x/sync/errgroup"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/connections"
)

// oauthCallbackPath is where Lever sends an admin back after consent.
const oauthCallbackPath = "/settings/oauth/callback"

// leverEnvironments are the Lever environments a deployment knows, plus
// extra ones (dev's emulator).
func leverEnvironments(extra ...lever.Environment) map[string]lever.Environment {
	envs := map[string]lever.Environment{lever.Production.Name: lever.Production, lever.Sandbox.Name: lever.Sandbox}
	for _, e := range extra {
		envs[e.Name] = e
	}
	return envs
}

// oauthApp is the deployment's Lever app, redirecting to its public URL.
func oauthApp(cfg config.Config) lever.OAuthApp {
	return lever.OAuthApp{ClientID: cfg.LeverApp.ClientID, ClientSecret: cfg.LeverApp.ClientSecret.Reveal(),
		RedirectURL: cfg.Gateway.PublicURL + oauthCallbackPath}
}

// newDirectory is the deployment's directory of connections.
func newDirectory(c client.Client, cfg config.Config, envs map[string]lever.Environment) *connections.Directory {
	return connections.NewDirectory(c, connections.Options{
		OAuth: oauthApp(cfg), Environments: envs, CodejudgeBaseURL: cfg.CodejudgeBaseURL,
	})
}

// applyTimeout bounds applying the connections file at start: each apply
// waits for a worker to run the connection's workflow.
const applyTimeout = time.Minute

// applyConcurrency bounds the connections applied at once.
const applyConcurrency = 64

// applyConnections creates or replaces the given connections (the
// connections file's, the dev sandbox's) in their workflows, several at a
// time: after a worker was killed, each connection's workflow task waits out
// the dead worker's sticky queue (5 s) before another worker takes it, and
// one after another that would keep a worker unready for 5 s a connection.
func applyConnections(ctx context.Context, dir *connections.Directory, list []config.Connection, logger *slog.Logger) error {
	ctx, cancel := context.WithTimeout(ctx, applyTimeout)
	defer cancel()
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(applyConcurrency)
	for _, conn := range list {
		g.Go(func() error {
			if err := dir.Apply(ctx, conn); err != nil {
				return fmt.Errorf("applying connection %s: %w", conn.ID, err)
			}
			logger.Info("connection applied", "connection", conn.ID)
			return nil
		})
	}
	return g.Wait()
}

// activeConnections lists the connections whose Lever queues a worker
// serves: always those of the connections file (known before their
// workflows are applied, which needs a running worker), and every connection
// in Temporal that is not disabled.
func activeConnections(dir *connections.Directory, fromFile []config.Connection) func(context.Context) ([]string, error) {
	return func(ctx context.Context) ([]string, error) {
		served, err := dir.ServedIDs(ctx)
		if err != nil {
			return nil, err
		}
		var ids []string
		for _, c := range fromFile {
			ids = append(ids, c.ID)
		}
		for _, id := range served {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		return ids, nil
	}
}
