package activities

import (
	"context"
	"sync"
	"time"

	"github.com/cjlever/cjlever/clients/lever"
)

// postingTTL bounds how stale a cached posting may be. A posting's tags change
// when a recruiter edits the job, rarely; a bulk move reads the same few
// postings thousands of times, each read a call against Lever's limit of 10
// per second. An edit reaches new assessments within this time.
const postingTTL = 5 * time.Minute

// postingCache keeps the postings ReadOpportunity read, per connection, for
// postingTTL. Its zero value is ready to use.
type postingCache struct {
	mu      sync.Mutex
	entries map[postingKey]cachedPosting
}

type postingKey struct{ connectionID, postingID string }

type cachedPosting struct {
	posting lever.Posting
	readAt  time.Time
}

// get returns the posting, from the cache while it is fresh, else from Lever.
func (pc *postingCache) get(ctx context.Context, api LeverAPI, connectionID, postingID string) (lever.Posting, error) {
	key := postingKey{connectionID, postingID}
	now := time.Now()
	pc.mu.Lock()
	e, ok := pc.entries[key]
	pc.mu.Unlock()
	if ok && now.Sub(e.readAt) < postingTTL {
		return e.posting, nil
	}
	p, err := api.GetPosting(ctx, postingID)
	if err != nil {
		return lever.Posting{}, err
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.entries == nil {
		pc.entries = map[postingKey]cachedPosting{}
	}
	pc.dropStale(now)
	pc.entries[key] = cachedPosting{posting: p, readAt: now}
	return p, nil
}

// dropStale forgets expired entries, so the cache holds only the postings
// read in the last postingTTL.
func (pc *postingCache) dropStale(now time.Time) {
	for k, e := range pc.entries {
		if now.Sub(e.readAt) >= postingTTL {
			delete(pc.entries, k)
		}
	}
}
