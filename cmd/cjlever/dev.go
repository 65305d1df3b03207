//go:build !nodev

package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/devserver"
	"github.com/cjlever/cjlever/metrics"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

type devFlags struct {
	dataDir          string
	ephemeral        bool
	host             string
	temporalPort     int
	uiPort           int
	gatewayPort      int
	leverPort        int
	codejudgePort    int
	pollInterval     time.Duration
	logLevel         string
	temporalLogLevel string
	stopTimeout      time.Duration
	// retryDelays of emulator redeliveries; tests shorten them.
	retryDelays []time.Duration
}

func parseDevFlags(args []string) (devFlags, error) {
	var f devFlags
	fs := flag.NewFlagSet("dev", flag.ContinueOnError)
	fs.StringVar(&f.dataDir, "data-dir", ".cjlever", "where Temporal's SQLite file and the emulators' data live")
	fs.BoolVar(&f.ephemeral, "ephemeral", false, "keep everything in memory (nothing survives a restart)")
	fs.StringVar(&f.host, "host", "localhost", "host name printed in URLs (everything binds to 127.0.0.1)")
	fs.IntVar(&f.temporalPort, "temporal-port", 7233, "Temporal frontend gRPC port")
	fs.IntVar(&f.uiPort, "ui-port", 8233, "Temporal Web UI port (-1: no UI)")
	fs.IntVar(&f.gatewayPort, "port", 8080, "gateway HTTP port")
	fs.IntVar(&f.leverPort, "lever-port", 8081, "Lever emulator port")
	fs.IntVar(&f.codejudgePort, "codejudge-port", 8082, "Codejudge emulator port")
	fs.DurationVar(&f.pollInterval, "poll-interval", workflows.DefaultPollInterval, "how often a waiting assessment asks Codejudge for the result")
	fs.StringVar(&f.logLevel, "log-level", "info", "debug, info, warn or error")
	fs.StringVar(&f.temporalLogLevel, "temporal-log-level", "error", "the embedded Temporal server's log level (debug ... fatal)")
	fs.DurationVar(&f.stopTimeout, "stop-timeout", 10*time.Second, "how long Ctrl-C waits for in-flight work")
	return f, fs.Parse(args)
}

// runDev runs everything in one process until ctx ends (Ctrl-C).
func runDev(ctx context.Context, args []string) error {
	f, err := parseDevFlags(args)
	if err != nil {
		return err
	}
	logger, err := newLogger("text", f.logLevel)
	if err != nil {
		return err
	}
	env, err := startDev(ctx, f, logger)
	if err != nil {
		return err
	}
	defer env.stop()
	printDevBanner(env)
	select {
	case <-ctx.Done():
		logger.Info("stopping: finishing in-flight work", "timeout", f.stopTimeout)
		return nil
	case err := <-env.gatewayErr:
		return fmt.Errorf("gateway: %w", err)
	}
}

// devEnv is a running dev stack.
type devEnv struct {
	flags      devFlags
	sandbox    *sandbox.Sandbox
	temporal   *devserver.Temporal
	ui         *devserver.UI
	metrics    *metrics.Metrics
	gatewayErr <-chan error
	gatewayURL string
	uiURL      string
	dbFile     string
	stops      []func()
}

// stop stops everything in reverse order of start: the gateway and worker
// drain first, Temporal goes last.
func (e *devEnv) stop() {
	for i := len(e.stops) - 1; i >= 0; i-- {
		e.stops[i]()
	}
}

// startDev starts the emulators, Temporal and its UI, the worker and the
// gateway. On error, what was started is stopped again.
func startDev(ctx context.Context, f devFlags, logger *slog.Logger) (env *devEnv, err error) {
	env = &devEnv{flags: f}
	defer func() {
		if err != nil {
			env.stop()
		}
	}()
	listen := func(name string, port int) (net.Listener, error) {
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err != nil {
			return nil, fmt.Errorf("%s port %d: %w (choose another with a flag; see cjlever dev -h)", name, port, err)
		}
		env.stops = append(env.stops, func() { _ = l.Close() })
		return l, nil
	}
	urlOf := func(l net.Listener) string {
		return fmt.Sprintf("http://%s:%d", f.host, l.Addr().(*net.TCPAddr).Port)
	}
	gatewayL, err := listen("gateway", f.gatewayPort)
	if err != nil {
		return env, err
	}
	leverL, err := listen("lever emulator", f.leverPort)
	if err != nil {
		return env, err
	}
	cjL, err := listen("codejudge emulator", f.codejudgePort)
	if err != nil {
		return env, err
	}
	env.gatewayURL = urlOf(gatewayL)

	stateDir := ""
	if !f.ephemeral {
		if err := os.MkdirAll(f.dataDir, 0o750); err != nil {
			return env, fmt.Errorf("data dir: %w", err)
		}
		stateDir, env.dbFile = f.dataDir, filepath.Join(f.dataDir, "temporal.db")
	}

	env.sandbox, err = sandbox.Start(ctx, sandbox.Options{
		LeverListener: leverL, CodejudgeListener: cjL,
		GatewayURL: env.gatewayURL, StateDir: stateDir, Logger: logger,
		RetryDelays: f.retryDelays,
	})
	if err != nil {
		return env, err
	}
	env.stops = append(env.stops, env.sandbox.Close)

	env.temporal, err = devserver.StartTemporal(devserver.TemporalOptions{
		DatabaseFile:     env.dbFile,
		Ephemeral:        f.ephemeral,
		FrontendPort:     f.temporalPort,
		SearchAttributes: workflows.SearchAttributes(),
		LogLevel:         f.temporalLogLevel,
	})
	if err != nil {
		return env, err
	}
	env.stops = append(env.stops, func() {
		if err := env.temporal.Stop(); err != nil {
			logger.Warn("stopping Temporal", "error", err)
		}
	})
	if f.uiPort >= 0 {
		uiL, err := listen("Temporal UI", f.uiPort)
		if err != nil {
			return env, err
		}
		uiPort := uiL.Addr().(*net.TCPAddr).Port
		_ = uiL.Close() // the UI server binds the port itself
		env.ui, err = devserver.StartUI("127.0.0.1", uiPort, env.temporal.FrontendAddress(), env.temporal.Namespace())
		if err != nil {
			return env, err
		}
		env.uiURL = fmt.Sprintf("http://%s:%d", f.host, uiPort)
		env.stops = append(env.stops, env.ui.Stop)
	}

	conns, err := config.NewConnections(env.sandbox.Connection)
	if err != nil {
		return env, err
	}
	m, err := metrics.New(logger)
	if err != nil {
		return env, err
	}
	env.metrics = m
	env.stops = append(env.stops, m.Close)
	tcfg := config.Temporal{Address: env.temporal.FrontendAddress(), Namespace: env.temporal.Namespace()}
	c, err := dialTemporal(tcfg, logger, m)
	if err != nil {
		return env, err
	}
	env.stops = append(env.stops, c.Close)
	w := newWorker(c, newActivities(conns, env.gatewayURL, m), config.Worker{ShutdownTimeout: f.stopTimeout})
	if err := w.Start(); err != nil {
		return env, fmt.Errorf("starting the worker: %w", err)
	}
	env.stops = append(env.stops, w.Stop)
	appCfg := config.Config{Assessment: config.Assessment{PollInterval: f.pollInterval}}
	srv, errc := httpServer(gatewayL, newGatewayHandler(c, conns, appCfg, m, logger))
	env.gatewayErr = errc
	env.stops = append(env.stops, func() { shutdownHTTP(srv, f.stopTimeout, logger) })
	return env, nil
}

func printDevBanner(env *devEnv) {
	data := "in memory (--ephemeral): nothing survives a restart"
	if env.dbFile != "" {
		data = env.dbFile + " (workflows survive a restart)"
	}
	ui := env.uiURL
	if ui == "" {
		ui = "off (--ui-port=-1)"
	}
	fmt.Printf(`
cjlever dev is running. Press Ctrl-C to stop.

  Temporal Web UI     %[1]s
  Temporal frontend   %[2]s (namespace %[3]s)
  Gateway             %[4]s  (Lever webhooks: %[4]s/webhooks/lever/sandbox)
  Lever emulator      %[5]s   (API key %[6]s)
  Codejudge emulator  %[7]s   (API key %[8]s)
  Data                %[9]s

Try it, in another terminal:
  go run ./cmd/cjlever sandbox apply
  go run ./cmd/cjlever sandbox move <opportunity id> Assessment
  go run ./cmd/cjlever sandbox complete <opportunity id> --score 82
  go run ./cmd/cjlever sandbox show <opportunity id>

`, ui, env.temporal.FrontendAddress(), env.temporal.Namespace(), env.gatewayURL,
		env.sandbox.LeverURL, sandbox.LeverAPIKey, env.sandbox.CodejudgeURL, sandbox.CodejudgeAPIKey, data)
}
