package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
)

// checkBaseURLs refuses a production connection whose Lever or Codejudge
// base URL is not https: plain http would send the API key, and candidate
// data, in the clear. http is allowed to a loopback host only, where the
// dev emulators and tests listen.
func (c Connection) checkBaseURLs() error {
	for _, f := range []struct{ field, url string }{
		{"lever.baseUrl", c.Lever.BaseURL},
		{"codejudge.baseUrl", c.Codejudge.BaseURL},
	} {
		if err := secureBaseURL(f.url); err != nil {
			return fmt.Errorf("connection %q: %s %q: %w", c.ID, f.field, f.url, err)
		}
	}
	return nil
}

func secureBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return errors.New("want an absolute https URL, e.g. https://api.lever.co/v1")
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return errors.New("must be https: http would send the API key in the clear (http is allowed only to localhost, 127.0.0.1 or ::1)")
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
