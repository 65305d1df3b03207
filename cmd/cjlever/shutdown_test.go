package main

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestShutdownFinishesInFlightRequests: on SIGTERM the gateway stops
// accepting but lets a request already being handled finish.
func TestShutdownFinishesInFlightRequests(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	inHandler := make(chan struct{})
	srv, _ := httpServer(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(inHandler)
		time.Sleep(300 * time.Millisecond)
		_, _ = io.WriteString(w, "done")
	}))
	type result struct {
		status int
		body   string
		err    error
	}
	got := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + l.Addr().String())
		if err != nil {
			got <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		got <- result{status: resp.StatusCode, body: string(b)}
	}()
	<-inHandler
	start := time.Now()
	shutdownHTTP(srv, 5*time.Second, slog.New(slog.DiscardHandler))
	require.Less(t, time.Since(start), 5*time.Second)
	r := <-got
	require.NoError(t, r.err)
	require.Equal(t, http.StatusOK, r.status)
	require.Equal(t, "done", r.body)

	_, err = http.Get("http://" + l.Addr().String())
	require.Error(t, err, "no new connections after shutdown")
}

// TestShutdownIsBounded: a request that outlives the bound is cut off.
func TestShutdownIsBounded(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	inHandler := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	srv, _ := httpServer(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(inHandler)
		<-release
	}))
	go func() { _, _ = http.Get("http://" + l.Addr().String()) }()
	<-inHandler
	start := time.Now()
	shutdownHTTP(srv, 200*time.Millisecond, slog.New(slog.DiscardHandler))
	require.Less(t, time.Since(start), 2*time.Second)
}
