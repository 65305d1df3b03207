//go:build !nodev

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"github.com/cjlever/cjlever/bench"
	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/codec"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/devserver"
	"github.com/cjlever/cjlever/emulators/leveremulator"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

// benchStack is the stack `cjlever bench` measures: the embedded Temporal
// server and the emulators in this process, the gateway and the worker as
// child processes configured as in production.
type benchStack struct {
	stack bench.Stack
	dir   string // the database, connections file and child logs
	parts parts
}

func (s *benchStack) stop() { s.parts.stopAll() }

// startBenchStack starts everything but the worker, which the bench starts
// when a part needs it. On error, what was started is stopped again.
func startBenchStack(ctx context.Context, f benchFlags) (st *benchStack, err error) {
	st = &benchStack{}
	defer func() {
		if err != nil {
			st.stop()
		}
	}()
	if st.dir, err = os.MkdirTemp("", "cjlever-bench-"); err != nil {
		return st, err
	}
	temporal, err := startBenchTemporal(f, st.dir)
	if err != nil {
		return st, err
	}
	st.parts = append(st.parts, part{name: "temporal", stop: func() { _ = temporal.Stop() }})
	gatewayAddr, err := freeLocalAddr()
	if err != nil {
		return st, err
	}
	sb, err := startBenchSandbox(ctx, "http://"+gatewayAddr)
	if err != nil {
		return st, err
	}
	st.parts = append(st.parts, part{name: "emulators", stop: sb.Close})
	conns := []config.Connection{sb.Connection}
	for _, name := range benchAccounts(f) {
		conn, err := addBenchConnection(ctx, sb, name, "http://"+gatewayAddr)
		if err != nil {
			return st, err
		}
		conns = append(conns, conn)
	}
	ring, env, cfg, err := benchEnv(st.dir, temporal, conns, gatewayAddr)
	if err != nil {
		return st, err
	}
	procs, err := startBenchGateway(ctx, f.bin, st.dir, env, gatewayAddr)
	st.parts = append(st.parts, part{name: "processes", stop: procs.stop})
	if err != nil {
		return st, err
	}
	// The bench's client encrypts as the gateway's does, so that the raw
	// baselines of ingest do the same work.
	c, err := client.Dial(client.Options{HostPort: temporal.FrontendAddress(), Namespace: temporal.Namespace(), Logger: quietSDKLogger(),
		DataConverter: ring.DataConverter(), FailureConverter: ring.FailureConverter()})
	if err != nil {
		return st, err
	}
	st.parts = append(st.parts, part{name: "temporal client", stop: c.Close})
	st.stack, err = benchStackOf(sb, cfg, c, procs, conns[1], conns[2], conns[3:])
	return st, err
}

// benchAccounts are the accounts the bench adds: ingest's, bulk's, then the
// memory part's, only when it runs (each is a Lever queue more for the
// worker to poll).
func benchAccounts(f benchFlags) []string {
	names := []string{benchIngestAccount, benchBulkAccount}
	if slices.Contains(strings.Split(f.parts, ","), "memory") {
		for i := range benchMemoryAccounts(f.opts.Memory.Waiting) {
			names = append(names, fmt.Sprintf("%s%d", benchMemoryAccount, i+1))
		}
	}
	return names
}

func startBenchTemporal(f benchFlags, dir string) (*devserver.Temporal, error) {
	opts := devserver.TemporalOptions{Ephemeral: true, SearchAttributes: workflows.SearchAttributes(), LogLevel: f.temporalLogLevel}
	if f.db == "file" {
		opts.Ephemeral, opts.DatabaseFile = false, filepath.Join(dir, "temporal.db")
	}
	return devserver.StartTemporal(opts)
}

// startBenchSandbox starts the emulators with Lever's webhooks pointing at
// gatewayURL; failed deliveries are retried within seconds, not minutes.
// Lever holds each account's API key to its limit, as Lever does.
func startBenchSandbox(ctx context.Context, gatewayURL string) (*sandbox.Sandbox, error) {
	leverL, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	cjL, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		leverL.Close()
		return nil, err
	}
	return sandbox.Start(ctx, sandbox.Options{
		LeverListener: leverL, CodejudgeListener: cjL, GatewayURL: gatewayURL, LeverRateLimit: leveremulator.LeverRateLimit,
		RetryDelays: []time.Duration{200 * time.Millisecond, time.Second, 2 * time.Second},
	})
}

// benchEnv is the child processes' environment with a new codec key, the
// configuration they load from it and the key ring.
func benchEnv(dir string, temporal *devserver.Temporal, conns []config.Connection, gatewayAddr string) (*codec.KeyRing, []string, config.Config, error) {
	connsFile := filepath.Join(dir, "connections.json")
	b, err := connectionsFileJSON(conns)
	if err != nil {
		return nil, nil, config.Config{}, err
	}
	if err := os.WriteFile(connsFile, b, 0o600); err != nil {
		return nil, nil, config.Config{}, err
	}
	keys, err := codec.NewKeyString("bench")
	if err != nil {
		return nil, nil, config.Config{}, err
	}
	ring, err := codec.ParseKeyRing(keys)
	if err != nil {
		return nil, nil, config.Config{}, err
	}
	env := []string{
		"CJLEVER_CODEC_KEYS=" + keys,
		"TEMPORAL_ADDRESS=" + temporal.FrontendAddress(),
		"TEMPORAL_NAMESPACE=" + temporal.Namespace(),
		"CJLEVER_PUBLIC_URL=http://" + gatewayAddr,
		config.ConnectionsFileVar + "=" + connsFile,
		"CJLEVER_GATEWAY_SHUTDOWN_TIMEOUT=5s",
		"CJLEVER_WORKER_SHUTDOWN_TIMEOUT=5s",
	}
	cfg, err := config.Load(func(name string) (string, bool) {
		for _, kv := range env {
			if v, ok := strings.CutPrefix(kv, name+"="); ok {
				return v, true
			}
		}
		return "", false
	})
	return ring, env, cfg, err
}

func startBenchGateway(ctx context.Context, bin, dir string, env []string, addr string) (*benchProcesses, error) {
	if bin == "" {
		var err error
		if bin, err = os.Executable(); err != nil {
			return nil, err
		}
	}
	procs := &benchProcesses{bin: bin, logDir: dir, env: env}
	return procs, procs.StartGateway(ctx, addr)
}

// benchStackOf describes the stack to the bench. The bench's own Lever and
// Codejudge clients are not paced: they stand for Lever's users, not for
// cjlever.
func benchStackOf(sb *sandbox.Sandbox, cfg config.Config, c client.Client, procs *benchProcesses, ingest, bulk config.Connection, memory []config.Connection) (bench.Stack, error) {
	sandboxLever, err := newBenchLever(sb, leveremulator.DefaultAccount, sandbox.LeverAPIKey)
	if err != nil {
		return bench.Stack{}, err
	}
	bulkLever, err := newBenchLever(sb, bulk.ID, bulk.Lever.APIKey.Reveal())
	if err != nil {
		return bench.Stack{}, err
	}
	var memoryLevers []bench.Lever
	for _, conn := range memory {
		l, err := newBenchLever(sb, conn.ID, conn.Lever.APIKey.Reveal())
		if err != nil {
			return bench.Stack{}, err
		}
		memoryLevers = append(memoryLevers, l)
	}
	cc, err := codejudge.New(codejudge.Config{BaseURL: sb.CodejudgeURL, APIKey: sandbox.CodejudgeAPIKey, Account: "bench", MaxAttempts: 1, RequestsPerSecond: -1})
	if err != nil {
		return bench.Stack{}, err
	}
	clients := &sandboxClients{lever: sandboxLever.client, codejudge: cc, codejudgeURL: sb.CodejudgeURL}
	return bench.Stack{
		GatewayURL: cfg.Gateway.PublicURL, ConnectionID: ingest.ID, TriggerStageID: ingest.TriggerStageID,
		WebhookToken: ingest.Lever.WebhookTokens[lever.EventCandidateStageChange].Reveal(),
		ReplayWindow: cfg.Gateway.ReplayWindow, ClockSkew: cfg.Gateway.ClockSkew,
		Temporal: c, Lever: sandboxLever, Bulk: []bench.Lever{bulkLever}, Memory: memoryLevers,
		Codejudge: benchCodejudge{clients: clients}, Processes: procs,
	}, nil
}

func freeLocalAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// connectionsFileJSON is conns as CJLEVER_CONNECTIONS_FILE spells them.
func connectionsFileJSON(conns []config.Connection) ([]byte, error) {
	var list []any
	for _, c := range conns {
		tokens := map[string]string{}
		for event, tok := range c.Lever.WebhookTokens {
			tokens[event] = tok.Reveal()
		}
		list = append(list, map[string]any{
			"id": c.ID, "triggerStageId": c.TriggerStageID, "performAs": c.PerformAs,
			"lever": map[string]any{"baseUrl": c.Lever.BaseURL, "apiKey": c.Lever.APIKey.Reveal(), "webhookTokens": tokens},
			"codejudge": map[string]any{
				"baseUrl": c.Codejudge.BaseURL, "apiKey": c.Codejudge.APIKey.Reveal(),
				"callbackSecret": c.Codejudge.CallbackSecret.Reveal(),
			},
		})
	}
	file := map[string]any{"connections": list}
	b, err := json.MarshalIndent(file, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("connections file: %w", err)
	}
	return b, nil
}

// quietSDKLogger keeps the bench's Temporal client quiet but for errors.
func quietSDKLogger() sdklog.Logger {
	return sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})))
}
