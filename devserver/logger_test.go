package devserver

import (
	"bytes"
	"errors"
	"log/slog"
	"net"
	"syscall"
	"testing"

	"go.temporal.io/server/common/log/tag"
)

// TestFatalEndsOnlyItsGoroutine: the server's Fatal (here as it reports a
// port in use) hands the error over and ends the calling goroutine, not the
// process.
func TestFatalEndsOnlyItsGoroutine(t *testing.T) {
	var out bytes.Buffer
	reported := make(chan error, 1)
	logger := serverLogger{log: slog.New(slog.NewTextHandler(&out, nil)), level: slog.LevelWarn, onFatal: func(err error) { reported <- err }}
	bindErr := &net.OpError{Op: "listen", Net: "tcp", Err: syscall.EADDRINUSE}
	returned := make(chan struct{})
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		logger.With(tag.Service("history")).Fatal("Failed to start gRPC listener", tag.Error(bindErr), tag.Address("127.0.0.1:1"))
		close(returned)
	}()
	<-ended
	select {
	case <-returned:
		t.Fatal("Fatal returned to its caller")
	default:
	}
	err := <-reported
	if !errors.Is(err, syscall.EADDRINUSE) {
		t.Fatalf("reported %v, want it to wrap EADDRINUSE", err)
	}
	if !bytes.Contains(out.Bytes(), []byte("Failed to start gRPC listener")) {
		t.Fatalf("not logged: %s", out.String())
	}
}

func TestReservedPortCanBeBound(t *testing.T) {
	port, err := reservePort()
	if err != nil {
		t.Fatal(err)
	}
	if err := checkPortFree(port); err != nil {
		t.Fatalf("the reserved port must stay bindable by us: %v", err)
	}
}

func TestServerLogLevels(t *testing.T) {
	for in, want := range map[string]slog.Level{"warn": slog.LevelWarn, "error": slog.LevelError, "fatal": levelFatal} {
		got, err := parseServerLogLevel(in)
		if err != nil || got != want {
			t.Errorf("%s: got %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := parseServerLogLevel("loud"); err == nil {
		t.Error("an unknown level must be refused")
	}
}
