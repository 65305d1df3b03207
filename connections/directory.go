// Package connections is the directory of cjlever's connections. Each lives
// in its own Connection entity workflow in Temporal; the Directory reads
// them (cached for a short, bounded time) and changes them through the
// workflow's updates, whose validators refuse a bad change.
//
// The gateway reads webhook tokens and callback secrets through it, the
// worker's activities their clients' settings and OAuth access tokens, the
// settings page and `cjlever connections` everything but the secrets.
package connections

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/config"
)

// DefaultCacheTTL is how long a read connection is used before it is read
// again: a change made through another process (another gateway, the page)
// is seen within it. Changes made through this Directory are seen at once.
const DefaultCacheTTL = 10 * time.Second

// ErrNotFound: no such connection (errors.Is). It is config's
// ErrUnknownConnection, so a caller that reads connections from either
// source checks one error.
var ErrNotFound = config.ErrUnknownConnection

// ErrInvalid: the connection's workflow refused the change (errors.Is);
// err.Error() says why, for a person to read. A refused change changed
// nothing.
var ErrInvalid = errors.New("the change was refused")

// Options configure a Directory.
type Options struct {
	// CacheTTL bounds how old a connection Get returns may be; 0 means
	// DefaultCacheTTL.
	CacheTTL time.Duration
	// OAuth is the deployment's Lever app.
	OAuth lever.OAuthApp
	// Environments are the Lever environments a connection may be created
	// in, by name.
	Environments map[string]lever.Environment
	// CodejudgeBaseURL is the Codejudge API of connections created on the
	// settings page.
	CodejudgeBaseURL string
	// Now is the cache's clock; default time.Now.
	Now func() time.Time
}

// Directory reads and changes connections. It is safe for concurrent use.
type Directory struct {
	temporal client.Client
	opts     Options

	mu    sync.Mutex
	cache map[string]cachedConnection
}

type cachedConnection struct {
	conn   config.Connection
	readAt time.Time
}

// NewDirectory serves the connections kept in c's namespace.
func NewDirectory(c client.Client, opts Options) *Directory {
	if opts.CacheTTL <= 0 {
		opts.CacheTTL = DefaultCacheTTL
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Directory{temporal: c, opts: opts, cache: map[string]cachedConnection{}}
}

// Get returns the connection with its secrets, read at most CacheTTL ago
// (or just now, when it needs re-authorisation).
func (d *Directory) Get(ctx context.Context, id string) (config.Connection, error) {
	now := d.opts.Now()
	d.mu.Lock()
	cached, ok := d.cache[id]
	d.mu.Unlock()
	if ok && now.Sub(cached.readAt) < d.opts.CacheTTL {
		return cached.conn, nil
	}
	rec, err := d.record(ctx, id)
	if err != nil {
		return config.Connection{}, err
	}
	conn := toConfig(rec)
	// A connection that needs re-authorisation is read afresh each time:
	// the assessments woken when an admin connects Lever again must see it
	// Active at once, not up to CacheTTL later. They wait between tries, so
	// these reads are few.
	if conn.Lever.NeedsReauthorization {
		return conn, nil
	}
	d.mu.Lock()
	d.cache[id] = cachedConnection{conn: conn, readAt: now}
	d.mu.Unlock()
	return conn, nil
}

// forget drops id from the cache after a change through this Directory.
func (d *Directory) forget(id string) {
	d.mu.Lock()
	delete(d.cache, id)
	d.mu.Unlock()
}

// EnvironmentNames are the Lever environments a connection may be created
// in, production first, then sandbox, then any other in name order.
func (d *Directory) EnvironmentNames() []string {
	names := slices.Collect(maps.Keys(d.opts.Environments))
	rank := func(n string) int {
		switch n {
		case lever.Production.Name:
			return 0
		case lever.Sandbox.Name:
			return 1
		}
		return 2
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a, b))
	})
	return names
}
