package apiclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// send performs the HTTP exchange and returns a 2xx response, or an *Error
// (the breaker counts it by kind).
func (c *Client) send(ctx context.Context, call Call, body []byte) (*http.Response, error) {
	req, err := c.newRequest(ctx, call, body)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	resp, err := c.opts.HTTPClient.Do(req)
	if err != nil {
		c.observe(call.Op, 0, start)
		return nil, c.exchangeError(ctx, call, err)
	}
	c.observe(call.Op, resp.StatusCode, start)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp, nil
	}
	defer resp.Body.Close()
	return nil, c.statusError(call, resp)
}

// newRequest builds the request of call: its URL under the base URL, its
// JSON body, and its headers and credentials.
func (c *Client) newRequest(ctx context.Context, call Call, body []byte) (*http.Request, error) {
	u, err := c.url(call)
	if err != nil {
		return nil, err
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, call.Method, u.String(), rd)
	if err != nil {
		return nil, c.permanent(call, err.Error(), err)
	}
	for k, vs := range call.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.opts.UserAgent)
	if c.opts.Authorize != nil {
		c.opts.Authorize(req)
	}
	return req, nil
}

// url joins call's path and query to the base URL.
func (c *Client) url(call Call) (*url.URL, error) {
	if strings.ContainsAny(call.Path, "?#") {
		return nil, c.permanent(call, "query in path; use Call.Query", nil)
	}
	// Path is already escaped (ids go through url.PathEscape): keep it as
	// the raw path so an escaped "/" in an id is not escaped twice.
	u := *c.base
	rawPath := c.base.EscapedPath() + "/" + strings.TrimLeft(call.Path, "/")
	unescaped, err := url.PathUnescape(rawPath)
	if err != nil {
		return nil, c.permanent(call, "bad path: "+err.Error(), err)
	}
	u.Path, u.RawPath = unescaped, rawPath
	u.RawQuery = call.Query.Encode()
	return &u, nil
}

// exchangeError describes a request that got no response.
func (c *Client) exchangeError(ctx context.Context, call Call, err error) *Error {
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return &Error{Service: c.opts.Service, Op: call.Op, Kind: KindTransient, Message: "canceled", Err: context.Canceled}
	}
	return &Error{Service: c.opts.Service, Op: call.Op, Kind: KindTransient, Message: redactURL(err), Err: err}
}

// permanent is an *Error of call that no retry will mend.
func (c *Client) permanent(call Call, message string, err error) *Error {
	return &Error{Service: c.opts.Service, Op: call.Op, Kind: KindPermanent, Message: message, Err: err}
}

func (c *Client) observe(op string, status int, start time.Time) {
	if c.opts.Observe != nil {
		c.opts.Observe(c.opts.Service, op, status, time.Since(start))
	}
}

// redactURL keeps query strings (which may carry emails) out of error text.
func redactURL(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		u, perr := url.Parse(ue.URL)
		if perr == nil {
			u.RawQuery = ""
			return fmt.Sprintf("%s %s: %v", ue.Op, u.String(), ue.Err)
		}
	}
	return err.Error()
}
