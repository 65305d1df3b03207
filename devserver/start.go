package devserver

import (
	"fmt"
	"log/slog"
	"time"

	"go.temporal.io/server/common/config"
	"go.temporal.io/server/temporal"
)

// startServer makes one attempt at creating and starting the server on
// freshly reserved ports.
//
// The server runs on a goroutine of its own: the server logger's Fatal ends
// the goroutine that calls it, and the server calls Fatal from its start path
// (a port already in use), so that path must not be ours.
func startServer(opts TemporalOptions, level slog.Level, sqlCfg config.SQL) (*Temporal, error) {
	frontendPort := opts.FrontendPort
	if frontendPort == 0 {
		p, err := reservePort()
		if err != nil {
			return nil, err
		}
		frontendPort = p
	}
	ports, err := newServicePorts(frontendPort)
	if err != nil {
		return nil, err
	}
	t := &Temporal{
		frontend: ports.address(serviceFrontend), namespace: opts.Namespace,
		failed: make(chan error, 1), stopped: make(chan struct{}),
	}
	logger := serverLogger{log: opts.Logger.With("component", "temporal-server"), level: level, onFatal: t.fail}
	created := make(chan temporal.Server, 1)
	started := make(chan error, 1)
	go func() {
		srv, err := temporal.NewServer(
			temporal.WithConfig(serverConfig(ports, sqlCfg)),
			temporal.ForServices(temporal.DefaultServices),
			temporal.WithStaticHosts(staticHosts(ports)),
			temporal.WithLogger(logger),
			temporal.WithDynamicConfigClient(dynamicConfig()),
		)
		if err != nil {
			started <- fmt.Errorf("devserver: creating the Temporal server: %w", err)
			return
		}
		created <- srv
		started <- srv.Start()
	}()
	select {
	case err := <-started:
		if err != nil {
			return nil, fmt.Errorf("devserver: starting the Temporal server: %w", err)
		}
		t.server = <-created
		return t, nil
	case err := <-t.failed:
		abandon(created)
		return nil, fmt.Errorf("devserver: starting the Temporal server: %w", err)
	}
}

// abandon stops, within a bound, what a failed start had created.
func abandon(created <-chan temporal.Server) {
	select {
	case srv := <-created:
		done := make(chan struct{})
		go func() {
			defer close(done)
			_ = srv.Stop()
		}()
		select {
		case <-done:
		case <-time.After(abandonedStopTimeout):
		}
	default:
	}
}
