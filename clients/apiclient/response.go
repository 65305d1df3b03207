package apiclient

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxErrorBody bounds how much of an error response is kept.
const maxErrorBody = 64 << 10

// The range a server-given Retry-After is clamped to: at least a second, so
// that "0" or a past date does not turn retries into a busy loop; at most
// five minutes, so that a confused server cannot park a workflow for days.
const (
	MinRetryAfter = time.Second
	MaxRetryAfter = 5 * time.Minute
)

// statusError describes a non-2xx response: its kind by status, the API's
// code and message when the body carries them, and for 429 and 503 the wait
// the server asked for.
func (c *Client) statusError(call Call, resp *http.Response) *Error {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := &Error{Service: c.opts.Service, Op: call.Op, Status: resp.StatusCode, Kind: KindForStatus(resp.StatusCode), Body: raw}
	var apiErr struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	if json.Unmarshal(raw, &apiErr) == nil {
		e.Code, e.Message = apiErr.Code, apiErr.Message
	}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		e.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	}
	return e
}

// decode reads a 2xx JSON body into out, refusing one larger than
// MaxResponseBytes: an answer that size is a fault of the server, and
// retrying would only fetch it again.
func (c *Client) decode(call Call, resp *http.Response, out any) error {
	limit := c.opts.MaxResponseBytes
	tooLarge := &Error{Service: c.opts.Service, Op: call.Op, Status: resp.StatusCode, Kind: KindPermanent,
		Message: fmt.Sprintf("response body larger than the %d-byte limit", limit)}
	if resp.ContentLength > limit {
		return tooLarge
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if int64(len(raw)) > limit {
		return tooLarge
	}
	if err == nil {
		err = json.NewDecoder(bytes.NewReader(raw)).Decode(out)
	}
	if err != nil {
		return &Error{Service: c.opts.Service, Op: call.Op, Status: resp.StatusCode, Kind: KindTransient,
			Message: "decoding response: " + err.Error(), Err: err}
	}
	return nil
}

// parseRetryAfter reads delta-seconds or an HTTP date, clamped to
// MinRetryAfter..MaxRetryAfter; 0 (no server-given wait) when absent,
// negative or unreadable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseUint(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if secs > uint64(MaxRetryAfter/time.Second) {
			return MaxRetryAfter
		}
		return clampRetryAfter(time.Duration(secs) * time.Second)
	}
	if t, err := http.ParseTime(v); err == nil {
		return clampRetryAfter(t.Sub(now))
	}
	return 0
}

func clampRetryAfter(d time.Duration) time.Duration {
	return min(max(d, MinRetryAfter), MaxRetryAfter)
}
