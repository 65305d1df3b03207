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
	"sync"
	"time"

	"github.com/cjlever/cjlever/codec"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/connections"
	"github.com/cjlever/cjlever/devserver"
	"github.com/cjlever/cjlever/emulators/leveremulator"
	"github.com/cjlever/cjlever/gateway"
	"github.com/cjlever/cjlever/metrics"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

type devFlags struct {
	dataDir       string
	ephemeral     bool
	host          string
	temporalPort  int
	uiPort        int
	gatewayPort   int
	leverPort     int
	codejudgePort int
	pollInterval  time.Duration
	// reconcileInterval: how often the sandbox's trigger stage is
	// reconciled; short, so that a candidate whose webhook never came is
	// seen invited within a minute.
	reconcileInterval time.Duration
	leverRate         float64
	leverLimit        bool
	leverTokenTTL     time.Duration
	logLevel          string
	temporalLogLevel  string
	stopTimeout       time.Duration
	outageBound       time.Duration
	// retryDelays of emulator redeliveries; tests shorten them.
	retryDelays []time.Duration
}

// devOutageBound is dev's default outage bound: short, so that
// `cjlever sandbox outage codejudge on` parks an invite within a minute.
const devOutageBound = 30 * time.Second

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
	fs.DurationVar(&f.reconcileInterval, "reconcile-interval", time.Minute, "how often the trigger stage is checked for candidates without an assessment (production: CJLEVER_RECONCILE_INTERVAL, 15m)")
	fs.DurationVar(&f.outageBound, "outage-bound", devOutageBound, "how long an invite is retried while Codejudge or Lever is down before the assessment parks in NeedsAttention (short, so the sandbox shows it)")
	fs.BoolVar(&f.leverLimit, "lever-limit", false, "make the Lever emulator enforce Lever's rate limit (10/s, bursts of 20) with 429s")
	fs.DurationVar(&f.leverTokenTTL, "lever-token-ttl", time.Hour, "how long the Lever emulator's OAuth access tokens live (Lever's: an hour); shorten it to watch refreshes")
	fs.Float64Var(&f.leverRate, "lever-rate", 9.5, "Lever calls a second per account, across all workers")
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
	printDevBanner(env)
	go func() {
		<-ctx.Done()
		logger.Info("stopping: finishing in-flight work", "timeout", f.stopTimeout)
	}()
	if err := env.parts.run(ctx); err != nil {
		return err
	}
	// Said, so that whoever pressed Ctrl-C knows the data is safe to reuse.
	logger.Info("stopped")
	return nil
}

// devEnv is a running dev stack.
type devEnv struct {
	flags      devFlags
	logger     *slog.Logger
	sandbox    *sandbox.Sandbox
	temporal   *devserver.Temporal
	gatewayURL string
	uiURL      string
	// uiOrigins are the browser origins of the UI, allowed to call the
	// gateway's codec endpoint.
	uiOrigins []string
	dbFile    string
	// codec encrypts every payload; codecFile is where its keys are kept
	// ("" with --ephemeral).
	codec     *codec.KeyRing
	codecFile string
	// adminPassword signs in to the settings page.
	adminPassword string
	// directory is the stack's directory of connections.
	directory *connections.Directory
	parts     parts
	stopOnce  sync.Once
}

// stop stops everything, once, in reverse order of start: the gateway and
// worker drain first, Temporal goes last.
func (e *devEnv) stop() { e.stopOnce.Do(e.parts.stopAll) }

// devListeners are the ports the user chose, bound before anything starts so
// that a taken port is reported at once, with the flag to change it.
type devListeners struct{ gateway, lever, codejudge net.Listener }

// startDev starts the emulators, Temporal and its UI, the worker and the
// gateway. On error, what was started is stopped again.
func startDev(ctx context.Context, f devFlags, logger *slog.Logger) (env *devEnv, err error) {
	env = &devEnv{flags: f, logger: logger}
	defer func() {
		if err != nil {
			env.stop()
		}
	}()
	ls, err := env.listen()
	if err != nil {
		return env, err
	}
	env.gatewayURL = env.urlOf(ls.gateway)
	if err := env.startSandbox(ctx, ls); err != nil {
		return env, err
	}
	if env.codec, env.codecFile, err = devKeyRing(f.dataDir, f.ephemeral); err != nil {
		return env, err
	}
	if env.adminPassword, err = devAdminPassword(f.dataDir, f.ephemeral); err != nil {
		return env, fmt.Errorf("admin password: %w", err)
	}
	if err := env.startTemporal(); err != nil {
		return env, err
	}
	if err := env.startUI(); err != nil {
		return env, err
	}
	return env, env.startService(ls.gateway)
}

func (e *devEnv) listen() (devListeners, error) {
	var ls devListeners
	var err error
	if ls.gateway, err = e.listenOn("gateway", e.flags.gatewayPort); err != nil {
		return ls, err
	}
	if ls.lever, err = e.listenOn("lever emulator", e.flags.leverPort); err != nil {
		return ls, err
	}
	ls.codejudge, err = e.listenOn("codejudge emulator", e.flags.codejudgePort)
	return ls, err
}

// listenOn binds 127.0.0.1:port; the listener closes with the stack.
func (e *devEnv) listenOn(name string, port int) (net.Listener, error) {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return nil, fmt.Errorf("%s port %d: %w (choose another with a flag; see cjlever dev -h)", name, port, err)
	}
	e.parts = append(e.parts, part{name: name + " listener", stop: func() { _ = l.Close() }})
	return l, nil
}

func (e *devEnv) urlOf(l net.Listener) string {
	return fmt.Sprintf("http://%s:%d", e.flags.host, l.Addr().(*net.TCPAddr).Port)
}

func (e *devEnv) startSandbox(ctx context.Context, ls devListeners) error {
	stateDir := ""
	if !e.flags.ephemeral {
		if err := os.MkdirAll(e.flags.dataDir, 0o750); err != nil {
			return fmt.Errorf("data dir: %w", err)
		}
		stateDir, e.dbFile = e.flags.dataDir, filepath.Join(e.flags.dataDir, "temporal.db")
	}
	sbOpts := sandbox.Options{
		LeverListener: ls.lever, CodejudgeListener: ls.codejudge,
		GatewayURL: e.gatewayURL, StateDir: stateDir, Logger: e.logger,
		RetryDelays: e.flags.retryDelays, LeverAccessTokenTTL: e.flags.leverTokenTTL,
	}
	if e.flags.leverLimit {
		sbOpts.LeverRateLimit = leveremulator.LeverRateLimit
	}
	sb, err := sandbox.Start(ctx, sbOpts)
	if err != nil {
		return err
	}
	e.sandbox = sb
	e.parts = append(e.parts, part{name: "emulators", stop: sb.Close})
	return nil
}

func (e *devEnv) startTemporal() error {
	t, err := devserver.StartTemporal(devserver.TemporalOptions{
		DatabaseFile:     e.dbFile,
		Ephemeral:        e.flags.ephemeral,
		FrontendPort:     e.flags.temporalPort,
		SearchAttributes: workflows.SearchAttributes(),
		LogLevel:         e.flags.temporalLogLevel,
		Logger:           e.logger,
	})
	if err != nil {
		return err
	}
	e.temporal = t
	e.parts = append(e.parts, part{name: "temporal", wait: t.Wait, stop: func() {
		if err := t.Stop(); err != nil {
			e.logger.Warn("stopping Temporal", "error", err)
		}
	}})
	return nil
}

func (e *devEnv) startUI() error {
	if e.flags.uiPort < 0 {
		return nil
	}
	l, err := e.listenOn("Temporal UI", e.flags.uiPort)
	if err != nil {
		return err
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close() // the UI server binds the port itself
	ui, err := devserver.StartUI(devserver.UIOptions{
		Host: "127.0.0.1", Port: port,
		TemporalAddress: e.temporal.FrontendAddress(), Namespace: e.temporal.Namespace(),
		CodecEndpoint: e.gatewayURL + "/codec", CodecSignInURL: e.gatewayURL + "/settings",
	})
	if err != nil {
		return err
	}
	e.uiURL = fmt.Sprintf("http://%s:%d", e.flags.host, port)
	e.uiOrigins = []string{e.uiURL}
	if loopback := fmt.Sprintf("http://127.0.0.1:%d", port); loopback != e.uiURL {
		e.uiOrigins = append(e.uiOrigins, loopback)
	}
	e.parts = append(e.parts, part{name: "Temporal UI", wait: ui.Wait, stop: ui.Stop})
	return nil
}

// startService starts what production runs as `cjlever serve`: the worker,
// then the gateway on l.
func (e *devEnv) startService(l net.Listener) error {
	m, err := metrics.New(e.logger)
	if err != nil {
		return err
	}
	e.parts = append(e.parts, part{name: "metrics", stop: m.Close})
	tcfg := config.Temporal{Address: e.temporal.FrontendAddress(), Namespace: e.temporal.Namespace()}
	c, err := dialTemporal(tcfg, e.codec, e.logger, m)
	if err != nil {
		return err
	}
	e.parts = append(e.parts, part{name: "temporal client", stop: c.Close})
	app, emulatorEnv := devLeverApp(e.sandbox, e.gatewayURL)
	appCfg := config.Config{
		Assessment:       config.Assessment{PollInterval: e.flags.pollInterval, OutageBound: e.flags.outageBound},
		Gateway:          config.Gateway{PublicURL: e.gatewayURL, AdminPassword: config.Secret(e.adminPassword)},
		LeverApp:         app,
		CodejudgeBaseURL: e.sandbox.CodejudgeURL,
	}
	// The ops API is on in dev when the environment sets its token.
	appCfg.Gateway.OpsToken = config.Secret(os.Getenv(gateway.OpsTokenVar))
	envs := leverEnvironments(emulatorEnv)
	dir := newDirectory(c, appCfg, envs)
	e.directory = dir
	wcfg := config.Worker{ShutdownTimeout: e.flags.stopTimeout, LeverRequestsPerSecond: e.flags.leverRate,
		CachedWorkflows: config.DefaultCachedWorkflows, ReconcileInterval: e.flags.reconcileInterval}
	changes := newConnectionChanges()
	w, err := startWorker(c, newActivities(c, dir, appCfg, envs, m), workerSetup{cfg: wcfg, timing: timing(appCfg.Assessment),
		identity: workerIdentity(), listConnections: activeConnections(dir, []config.Connection{e.sandbox.Connection}),
		changes: changes, logger: e.logger})
	if err != nil {
		return err
	}
	e.parts = append(e.parts, w)
	// The sandbox's connection is made like any other: applied through the
	// directory, into its workflow.
	if err := applyConnections(context.Background(), dir, []config.Connection{e.sandbox.Connection}, e.logger); err != nil {
		return err
	}
	e.parts = append(e.parts, httpPart("gateway", l, newGatewayHandler(c, dir, changes, appCfg, codec.NewHTTPHandler(e.codec, e.uiOrigins), m, e.logger), e.flags.stopTimeout, e.logger))
	return nil
}

func printDevBanner(env *devEnv) {
	data := "in memory (--ephemeral): nothing survives a restart"
	if env.dbFile != "" {
		data = env.dbFile + " (workflows survive a restart), encrypted with the keys in " + env.codecFile
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
  Settings page       %[4]s/settings  (password %[10]s)
  Lever emulator      %[5]s   (API key %[6]s)
  Codejudge emulator  %[7]s   (API key %[8]s)
  Data                %[9]s

Try it, in another terminal:
  go run ./cmd/cjlever sandbox apply
  go run ./cmd/cjlever sandbox move <opportunity id> Assessment
  go run ./cmd/cjlever sandbox complete <opportunity id> --score 82
  go run ./cmd/cjlever sandbox show <opportunity id>

`, ui, env.temporal.FrontendAddress(), env.temporal.Namespace(), env.gatewayURL,
		env.sandbox.LeverURL, sandbox.LeverAPIKey, env.sandbox.CodejudgeURL, sandbox.CodejudgeAPIKey, data, env.adminPassword)
}
