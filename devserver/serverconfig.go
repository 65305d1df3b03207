package devserver

import (
	"time"

	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/membership/static"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	"go.temporal.io/server/common/primitives"
)

// serverConfig is a one-node cluster on loopback. It has no metrics
// listener: nothing scrapes the embedded server, and each listener is one
// more port that could be taken.
func serverConfig(ports servicePorts, sqlCfg config.SQL) *config.Config {
	services := map[string]config.Service{}
	for name, port := range ports {
		services[name] = config.Service{RPC: config.RPC{GRPCPort: port, BindOnIP: loopback}}
	}
	frontend := ports.address(serviceFrontend)
	return &config.Config{
		Global: config.Global{
			Membership: config.Membership{MaxJoinDuration: 30 * time.Second, BroadcastAddress: loopback},
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
	}
}

// staticHosts gives each service its one host, as the Temporal CLI's dev
// server does (temporalio/cli#582). Without it the services find each other
// through ringpop gossip over the database: after a restart on a file
// database the previous run's members linger there, and requests fail with
// "Not enough hosts to serve the request" until they expire (about 50 s).
func staticHosts(ports servicePorts) map[primitives.ServiceName]static.Hosts {
	return map[primitives.ServiceName]static.Hosts{
		primitives.FrontendService: static.SingleLocalHost(ports.address(serviceFrontend)),
		primitives.HistoryService:  static.SingleLocalHost(ports.address(serviceHistory)),
		primitives.MatchingService: static.SingleLocalHost(ports.address(serviceMatching)),
		primitives.WorkerService:   static.SingleLocalHost(ports.address(serviceWorker)),
	}
}

// dynamicConfig is what the dev server tunes.
func dynamicConfig() dynamicconfig.StaticClient {
	return dynamicconfig.StaticClient{
		// Search attributes added at start must be visible at once.
		dynamicconfig.ForceSearchAttributesCacheRefreshOnRead.Key(): true,
		dynamicconfig.FrontendPersistenceMaxQPS.Key():               10000,
		dynamicconfig.HistoryPersistenceMaxQPS.Key():                10000,
		dynamicconfig.MatchingPersistenceMaxQPS.Key():               10000,
		// One partition per task queue: on one node more only add
		// forwarding hops, and a task queue's rate limit is split across
		// its partitions, so the Lever queues' 9.5 per second would be
		// four buckets of 2.4 that make a candidate's third call wait.
		dynamicconfig.MatchingNumTaskqueueReadPartitions.Key():  1,
		dynamicconfig.MatchingNumTaskqueueWritePartitions.Key(): 1,
	}
}
