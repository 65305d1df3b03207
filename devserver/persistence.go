package devserver

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"go.temporal.io/server/common/config"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	sqliteschema "go.temporal.io/server/schema/sqlite"
)

// prepareDatabase returns the SQLite configuration for opts, with the schema
// and the namespace (and its search attributes) in place.
func prepareDatabase(opts TemporalOptions) (config.SQL, error) {
	var sqlCfg config.SQL
	var err error
	if opts.Ephemeral {
		sqlCfg = memoryDatabase()
	} else if sqlCfg, err = fileDatabase(opts.DatabaseFile); err != nil {
		return sqlCfg, err
	}
	nsCfg, err := sqliteschema.NewNamespaceConfig(clusterName, opts.Namespace, false, opts.SearchAttributes)
	if err != nil {
		return sqlCfg, fmt.Errorf("devserver: namespace config: %w", err)
	}
	if err := sqliteschema.CreateNamespaces(&sqlCfg, nsCfg); err != nil {
		return sqlCfg, fmt.Errorf("devserver: creating namespace %q: %w", opts.Namespace, err)
	}
	return sqlCfg, nil
}

// memoryDatabase keeps the database in memory through SQLite's memdb VFS,
// shared by the server's connections under a name that starts with "/".
// Not mode=memory: there every page lives in the page cache, and SQLite
// scans the whole cache at the end of each write transaction, so the server
// slowed as it filled (docs/performance.md). Through the VFS the page cache
// is an ordinary bounded one.
func memoryDatabase() config.SQL {
	return config.SQL{
		PluginName:        sqliteplugin.PluginName,
		DatabaseName:      "/cjlever-" + strconv.FormatInt(time.Now().UnixNano(), 36),
		ConnectAttributes: map[string]string{"vfs": "memdb", "setup": "true"},
	}
}

// fileDatabase opens (creating it and its schema on first use) the file.
func fileDatabase(file string) (config.SQL, error) {
	sqlCfg := config.SQL{
		PluginName:   sqliteplugin.PluginName,
		DatabaseName: file,
		ConnectAttributes: map[string]string{
			"mode": "rwc",
			// WAL: a crash cannot corrupt the file, and writes are cheap.
			"journal_mode": "wal",
			"synchronous":  "normal",
			"busy_timeout": "10000",
		},
		// One connection: SQLite has one writer, and with several
		// connections the services' transactions collided with
		// "database is locked" (SQLITE_BUSY is returned at once, without
		// waiting, when a read transaction must become a write).
		MaxConns:     1,
		MaxIdleConns: 1,
	}
	if file == "" {
		return sqlCfg, errors.New("devserver: DatabaseFile is required unless Ephemeral")
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o750); err != nil {
		return sqlCfg, fmt.Errorf("devserver: creating the data directory: %w", err)
	}
	if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
		if err := sqliteschema.SetupSchema(&sqlCfg); err != nil {
			return sqlCfg, fmt.Errorf("devserver: creating the schema in %s: %w", file, err)
		}
	}
	return sqlCfg, nil
}
