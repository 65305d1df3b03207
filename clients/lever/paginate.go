package lever

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"github.com/cjlever/cjlever/clients/apiclient"
)

// pageLimit is the largest page Lever serves: fewer requests against the
// rate limit.
const pageLimit = 100

// maxPages stops a server that never says hasNext=false. 10,000 pages of 100
// is far beyond any list this project reads.
const maxPages = 10_000

// listEnvelope is a page of a Lever list: {"data": [...], "hasNext", "next"}.
type listEnvelope[T any] struct {
	Data    []T    `json:"data"`
	HasNext bool   `json:"hasNext"`
	Next    string `json:"next"`
}

// listAll follows a list's pages to the end and returns every item. call must
// be a GET without a query: listAll sets limit and offset.
func listAll[T any](ctx context.Context, c *Client, call apiclient.Call) ([]T, error) {
	q := url.Values{"limit": {strconv.Itoa(pageLimit)}}
	call.Query = q

	var all []T
	seen := map[string]bool{}
	for range maxPages {
		var page listEnvelope[T]
		if err := c.api.Do(ctx, call, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Data...)
		if !page.HasNext || page.Next == "" {
			return all, nil
		}
		if seen[page.Next] {
			return nil, &apiclient.Error{Service: Service, Op: call.Op, Kind: apiclient.KindPermanent,
				Message: "pagination loop: the server returned a next token it returned before"}
		}
		seen[page.Next] = true
		q.Set("offset", offsetParam(page.Next))
	}
	return nil, &apiclient.Error{Service: Service, Op: call.Op, Kind: apiclient.KindPermanent,
		Message: fmt.Sprintf("more than %d pages", maxPages)}
}

// offsetParam turns Lever's next token into the offset value to put in
// url.Values. The token is to be passed back verbatim, but Lever's tokens
// usually come URL-encoded already ("%5B1578073265345%2C%22…%22%5D") and
// url.Values encodes what it is given: the token as is would go out as
// "%255B…", a token Lever never issued. Query-decoding it once first makes
// what goes on the wire decode, at Lever, to exactly what the verbatim token
// would have. A token that is not valid percent-encoding is sent as is
// (encoded once).
func offsetParam(next string) string {
	if decoded, err := url.QueryUnescape(next); err == nil {
		return decoded
	}
	return next
}
