// Package devserver runs a real Temporal server (SQLite persistence) and the
// Temporal Web UI inside the process, for `cjlever dev` and for tests. It is
// modelled on the server's own temporaltest lite server and the Temporal
// CLI's dev server. Production points the same code at a Temporal cluster
// instead; only cmd/ and tests import this package.
package devserver

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	tlog "go.temporal.io/server/common/log"
	"go.temporal.io/server/common/metrics"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	sqliteschema "go.temporal.io/server/schema/sqlite"
	"go.temporal.io/server/temporal"
)

const (
	clusterName = "active"
	loopback    = "127.0.0.1"
)

// TemporalOptions configure the embedded Temporal server.
type TemporalOptions struct {
	// DatabaseFile persists workflows across restarts; its directory is
	// created if missing. Ignored when Ephemeral.
	DatabaseFile string
	// Ephemeral keeps everything in memory.
	Ephemeral bool
	// FrontendPort for the gRPC frontend on 127.0.0.1; 0 picks a free port.
	FrontendPort int
	// Namespace to create (default "default").
	Namespace string
	// SearchAttributes are registered on the namespace before the server
	// starts, so workflows can upsert them at once.
	SearchAttributes map[string]enumspb.IndexedValueType
	// LogLevel of the server's own (zap) logger: "warn" by default; it is
	// chatty at info.
	LogLevel string
}

// Temporal is a running embedded Temporal server.
type Temporal struct {
	server    temporal.Server
	frontend  string
	namespace string
}

// StartTemporal creates the schema and namespace on first use, then starts all
// Temporal services in the process.
func StartTemporal(opts TemporalOptions) (*Temporal, error) {
	if opts.Namespace == "" {
		opts.Namespace = "default"
	}
	if opts.LogLevel == "" {
		opts.LogLevel = "warn"
	}
	if opts.FrontendPort == 0 {
		p, err := freePort()
		if err != nil {
			return nil, err
		}
		opts.FrontendPort = p
	}
	sqlCfg := config.SQL{PluginName: sqliteplugin.PluginName, ConnectAttributes: map[string]string{}}
	if opts.Ephemeral {
		sqlCfg.ConnectAttributes["mode"] = "memory"
		sqlCfg.ConnectAttributes["cache"] = "shared"
		// The plugin creates the schema for in-memory databases itself.
		sqlCfg.DatabaseName = "cjlever-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	} else {
		if opts.DatabaseFile == "" {
			return nil, errors.New("devserver: DatabaseFile is required unless Ephemeral")
		}
		sqlCfg.DatabaseName = opts.DatabaseFile
		sqlCfg.ConnectAttributes["mode"] = "rwc"
		// WAL lets readers (visibility, the UI) run beside the one writer,
		// and lets the plugin use several connections.
		sqlCfg.ConnectAttributes["journal_mode"] = "wal"
		sqlCfg.ConnectAttributes["synchronous"] = "normal"
		sqlCfg.ConnectAttributes["busy_timeout"] = "10000"
		sqlCfg.MaxConns, sqlCfg.MaxIdleConns = 4, 4
		if err := os.MkdirAll(filepath.Dir(opts.DatabaseFile), 0o750); err != nil {
			return nil, fmt.Errorf("devserver: creating the data directory: %w", err)
		}
		if _, err := os.Stat(opts.DatabaseFile); errors.Is(err, os.ErrNotExist) {
			if err := sqliteschema.SetupSchema(&sqlCfg); err != nil {
				return nil, fmt.Errorf("devserver: creating the schema in %s: %w", opts.DatabaseFile, err)
			}
		}
	}
	nsCfg, err := sqliteschema.NewNamespaceConfig(clusterName, opts.Namespace, false, opts.SearchAttributes)
	if err != nil {
		return nil, fmt.Errorf("devserver: namespace config: %w", err)
	}
	if err := sqliteschema.CreateNamespaces(&sqlCfg, nsCfg); err != nil {
		return nil, fmt.Errorf("devserver: creating namespace %q: %w", opts.Namespace, err)
	}

	cfg, err := serverConfig(opts.FrontendPort, sqlCfg)
	if err != nil {
		return nil, err
	}
	logger := tlog.NewZapLogger(tlog.BuildZapLogger(tlog.Config{Level: opts.LogLevel}))
	srv, err := temporal.NewServer(
		temporal.WithConfig(cfg),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithLogger(logger),
		temporal.WithDynamicConfigClient(dynamicconfig.StaticClient{
			// Search attributes added at start must be visible at once.
			dynamicconfig.ForceSearchAttributesCacheRefreshOnRead.Key(): true,
			dynamicconfig.FrontendPersistenceMaxQPS.Key():               10000,
			dynamicconfig.HistoryPersistenceMaxQPS.Key():                10000,
			dynamicconfig.MatchingPersistenceMaxQPS.Key():               10000,
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("devserver: creating the Temporal server: %w", err)
	}
	if err := srv.Start(); err != nil {
		return nil, fmt.Errorf("devserver: starting the Temporal server: %w", err)
	}
	return &Temporal{server: srv, frontend: net.JoinHostPort(loopback, strconv.Itoa(opts.FrontendPort)), namespace: opts.Namespace}, nil
}

// FrontendAddress is the host:port Temporal clients dial.
func (t *Temporal) FrontendAddress() string { return t.frontend }

// Namespace is the namespace the server created.
func (t *Temporal) Namespace() string { return t.namespace }

// Stop stops all services; workflows resume on the next start when the
// database is a file.
func (t *Temporal) Stop() error { return t.server.Stop() }

func serverConfig(frontendPort int, sqlCfg config.SQL) (*config.Config, error) {
	services := map[string]config.Service{}
	for i, name := range []string{"frontend", "history", "matching", "worker"} {
		grpcPort := frontendPort
		if i > 0 {
			p, err := freePort()
			if err != nil {
				return nil, err
			}
			grpcPort = p
		}
		membership, err := freePort()
		if err != nil {
			return nil, err
		}
		services[name] = config.Service{RPC: config.RPC{GRPCPort: grpcPort, MembershipPort: membership, BindOnIP: loopback}}
	}
	metricsPort, err := freePort()
	if err != nil {
		return nil, err
	}
	frontend := net.JoinHostPort(loopback, strconv.Itoa(frontendPort))
	return &config.Config{
		Global: config.Global{
			Membership: config.Membership{MaxJoinDuration: 30 * time.Second, BroadcastAddress: loopback},
			Metrics: &metrics.Config{Prometheus: &metrics.PrometheusConfig{
				ListenAddress: net.JoinHostPort(loopback, strconv.Itoa(metricsPort)), HandlerPath: "/metrics",
			}},
		},
		Persistence: config.Persistence{
			DefaultStore:     sqliteplugin.PluginName,
			VisibilityStore:  sqliteplugin.PluginName,
			NumHistoryShards: 1,
			DataStores:       map[string]config.DataStore{sqliteplugin.PluginName: {SQL: &sqlCfg}},
		},
		ClusterMetadata: &cluster.Config{
			EnableGlobalNamespace:    false,
			FailoverVersionIncrement: 10,
			MasterClusterName:        clusterName,
			CurrentClusterName:       clusterName,
			ClusterInformation: map[string]cluster.ClusterInformation{
				clusterName: {Enabled: true, InitialFailoverVersion: 1, RPCAddress: frontend},
			},
		},
		DCRedirectionPolicy: config.DCRedirectionPolicy{Policy: "noop"},
		Services:            services,
		Archival: config.Archival{
			History:    config.HistoryArchival{State: "disabled"},
			Visibility: config.VisibilityArchival{State: "disabled"},
		},
		NamespaceDefaults: config.NamespaceDefaults{Archival: config.ArchivalNamespaceDefaults{
			History:    config.HistoryArchivalNamespaceDefaults{State: "disabled"},
			Visibility: config.VisibilityArchivalNamespaceDefaults{State: "disabled"},
		}},
		// The server's own internal client dials the frontend here.
		PublicClient: config.PublicClient{HostPort: frontend},
	}, nil
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(loopback, "0"))
	if err != nil {
		return 0, fmt.Errorf("devserver: finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
