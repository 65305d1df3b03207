package faults

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/cjlever/cjlever/activities"
	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/devserver"
	"github.com/cjlever/cjlever/gateway"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/worker"
	"github.com/cjlever/cjlever/workflows"
)

// stackOptions vary the stack a scenario runs on.
type stackOptions struct {
	// onFile keeps Temporal's database in a SQLite file in t.TempDir(), so
	// the server can be restarted; otherwise it is in memory.
	onFile bool
	// accounts wraps the production ConnectionAccounts (e.g. to take the
	// breaker away for a comparison); nil uses them as they are.
	accounts func(*stack, *activities.ConnectionAccounts) activities.Accounts
}

// stack is Temporal, the emulators behind their fault proxies, the worker
// and the gateway, wired as `cjlever dev` wires them (cmd/cjlever/dev.go),
// all on loopback ports.
type stack struct {
	t          *testing.T
	temporal   *devserver.Temporal
	temporalDB string
	sandbox    *sandbox.Sandbox
	// conn is the sandbox connection as the worker sees it: through the
	// proxies.
	conn       config.Connection
	gatewayURL string
	leverProxy *faultProxy
	cjProxy    *faultProxy
	calls      *apiCalls
	// temporalClient is the worker's and the gateway's client.
	temporalClient client.Client
	// lever and codejudge reach the emulators directly, unpaced: the test's
	// own look-ups neither pass the faults nor use the worker's rate limit.
	lever     *lever.Client
	codejudge *codejudge.Client
}

func startStack(t *testing.T, opts stackOptions) *stack {
	t.Helper()
	s := &stack{t: t, calls: newAPICalls()}
	if opts.onFile {
		s.temporalDB = filepath.Join(t.TempDir(), "temporal.db")
	}
	s.startTemporal(0)
	t.Cleanup(func() { _ = s.temporal.Stop() })
	gatewayListener := listen(t)
	s.gatewayURL = "http://" + gatewayListener.Addr().String()
	s.startSandbox()
	conns, err := config.NewConnections(s.conn)
	require.NoError(t, err)

	c, err := client.Dial(client.Options{
		HostPort: s.temporal.FrontendAddress(), Namespace: s.temporal.Namespace(),
		Logger: sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler)),
	})
	require.NoError(t, err)
	t.Cleanup(c.Close)
	s.temporalClient = c

	accounts := activities.NewConnectionAccounts(conns, s.gatewayURL, activities.ClientOptions{
		Observe: s.calls.observe, OnBreakerState: s.calls.breakerChanged,
	})
	var acts activities.Activities
	acts.Accounts = accounts
	if opts.accounts != nil {
		acts.Accounts = opts.accounts(s, accounts)
	}
	w := worker.New(c, &acts, sdkworker.Options{WorkerStopTimeout: 5 * time.Second})
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)
	// The Lever queues without a rate limit: these tests hold Lever's
	// faults, not its limit, and must not wait on it.
	leverWorkers := worker.NewLeverWorkers(c, &acts, sdkworker.Options{WorkerStopTimeout: 5 * time.Second})
	require.NoError(t, leverWorkers.Sync(conns.IDs()))
	t.Cleanup(leverWorkers.Stop)

	s.serveGateway(gatewayListener, conns, c)
	s.lever, err = lever.New(lever.Config{BaseURL: s.sandbox.LeverURL, APIKey: sandbox.LeverAPIKey, Account: "test", MaxAttempts: 1, RequestsPerSecond: -1})
	require.NoError(t, err)
	s.codejudge, err = codejudge.New(codejudge.Config{BaseURL: s.sandbox.CodejudgeURL, APIKey: sandbox.CodejudgeAPIKey, Account: "test", MaxAttempts: 1, RequestsPerSecond: -1})
	require.NoError(t, err)
	return s
}

// startTemporal starts the embedded server on port (0: a free one); the
// stack's cleanup stops whichever server runs last.
func (s *stack) startTemporal(port int) {
	s.t.Helper()
	tmp, err := devserver.StartTemporal(devserver.TemporalOptions{
		DatabaseFile: s.temporalDB, Ephemeral: s.temporalDB == "", FrontendPort: port,
		SearchAttributes: workflows.SearchAttributes(), LogLevel: "fatal",
		Logger: slog.New(slog.DiscardHandler),
	})
	require.NoError(s.t, err)
	s.temporal = tmp
}

// startSandbox starts the emulators and their proxies. Emulator redeliveries
// come quickly, and enough of them to outlast a Temporal restart.
func (s *stack) startSandbox() {
	s.t.Helper()
	sb, err := sandbox.Start(context.Background(), sandbox.Options{
		LeverListener: listen(s.t), CodejudgeListener: listen(s.t), GatewayURL: s.gatewayURL,
		RetryDelays: []time.Duration{200 * time.Millisecond, 500 * time.Millisecond, time.Second,
			2 * time.Second, 3 * time.Second, 5 * time.Second, 5 * time.Second, 5 * time.Second},
	})
	require.NoError(s.t, err)
	s.t.Cleanup(sb.Close)
	s.sandbox = sb
	s.leverProxy = newFaultProxy(s.t, "http://"+hostOf(s.t, sb.LeverURL))
	s.cjProxy = newFaultProxy(s.t, "http://"+hostOf(s.t, sb.CodejudgeURL))
	s.conn = sb.Connection
	s.conn.Lever.BaseURL = s.leverProxy.URL() + "/v1"
	s.conn.Codejudge.BaseURL = s.cjProxy.URL() + "/v1"
}

// serveGateway serves the gateway's router on l, with the timing a dev
// stack's tests use: no polling within a test, results come by callback.
func (s *stack) serveGateway(l net.Listener, conns *config.Connections, c client.Client) {
	router := gateway.NewRouter(gateway.Deps{
		Connections: conns,
		Workflows:   gateway.NewTemporalWorkflows(c),
		Timing:      workflows.Timing{PollInterval: time.Hour},
	})
	srv := &http.Server{Handler: router, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.t.Errorf("gateway: %v", err)
		}
	}()
	s.t.Cleanup(func() { _ = srv.Close() })
}

// restartTemporal stops the server and starts it again on the same database
// file and port; the worker's and the gateway's client reconnect by
// themselves. down runs while the server is stopped.
func (s *stack) restartTemporal(down func()) {
	s.t.Helper()
	require.NotEmpty(s.t, s.temporalDB, "a restart needs the file database")
	addr, err := net.ResolveTCPAddr("tcp", s.temporal.FrontendAddress())
	require.NoError(s.t, err)
	require.NoError(s.t, s.temporal.Stop())
	down()
	s.startTemporal(addr.Port)
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	return l
}

// hostOf is the host:port of a base URL such as http://127.0.0.1:8081/v1.
func hostOf(t *testing.T, base string) string {
	t.Helper()
	u, err := url.Parse(base)
	require.NoError(t, err)
	return u.Host
}
