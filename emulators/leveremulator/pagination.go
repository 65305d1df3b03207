package leveremulator

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"
)

const (
	defaultLimit = 100
	maxLimit     = 100
)

// page is a list answer: {"data": [...], "hasNext": bool, "next": token}.
type page struct {
	Data    any    `json:"data"`
	HasNext bool   `json:"hasNext"`
	Next    string `json:"next,omitempty"`
}

// paginate cuts one page out of items, which are in seq order, and returns
// it with the next page's token ("" on the last page). The page starts after
// the position the offset token names, so pages stay stable while items are
// added.
//
// The token is Lever-like: URL-encoded JSON, "%5B<seq>%2C%22<id>%22%5D". A
// client must send it back verbatim; one that encodes it again sends
// "%255B…", which this refuses.
func paginate[T any](c *gin.Context, items []T, key func(T) (seq int64, id string)) ([]T, string, error) {
	limit := defaultLimit
	if raw, ok := c.GetQuery("limit"); ok {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > maxLimit {
			return nil, "", errBadRequest("limit must be an integer from 1 to %d", maxLimit)
		}
		limit = n
	}
	start := 0
	if raw, ok := c.GetQuery("offset"); ok {
		after, err := parseOffset(raw)
		if err != nil {
			return nil, "", err
		}
		for start < len(items) {
			if seq, _ := key(items[start]); seq > after {
				break
			}
			start++
		}
	}
	end := min(start+limit, len(items))
	if end == len(items) {
		return items[start:end], "", nil
	}
	seq, id := key(items[end-1])
	raw, _ := json.Marshal([]any{seq, id})
	return items[start:end], url.QueryEscape(string(raw)), nil
}

// listPage is the answer for one page of views.
func listPage[T any](views []T, next string) page {
	return page{Data: nonNil(views), HasNext: next != "", Next: next}
}

// parseOffset reads the seq out of a decoded offset token, [seq, "id"].
func parseOffset(raw string) (int64, error) {
	var parts []json.RawMessage
	var seq int64
	var id string
	if json.Unmarshal([]byte(raw), &parts) != nil || len(parts) != 2 ||
		json.Unmarshal(parts[0], &seq) != nil || json.Unmarshal(parts[1], &id) != nil {
		return 0, errBadRequest("Invalid offset: pass back the next token of the previous page verbatim")
	}
	return seq, nil
}

// nonNil keeps an empty list "[]" rather than "null" in JSON.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// writeList answers one page of a list endpoint, the shape all of Lever's
// share: records picks and orders the records (under the account's lock), key
// gives each its pagination key, and view renders it.
func writeList[R, V any](c *gin.Context, records func(*state) ([]R, error),
	key func(R) (seq int64, id string), view func(*state, R) V) {
	var p page
	err := accountOf(c).read(func(st *state) error {
		all, err := records(st)
		if err != nil {
			return err
		}
		items, next, err := paginate(c, all, key)
		if err != nil {
			return err
		}
		views := make([]V, len(items))
		for i, r := range items {
			views[i] = view(st, r)
		}
		p = listPage(views, next)
		return nil
	})
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}
