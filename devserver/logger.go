package devserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"

	tlog "go.temporal.io/server/common/log"
	"go.temporal.io/server/common/log/tag"
)

// levelFatal is above slog's error level: "fatal" shows only what ends the
// server.
const levelFatal = slog.LevelError + 4

// parseServerLogLevel reads the server's zap-style level names.
func parseServerLogLevel(s string) (slog.Level, error) {
	switch strings.ToLower(s) {
	case "dpanic", "panic", "fatal":
		return levelFatal, nil
	}
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("devserver: log level %q: want debug, info, warn, error or fatal", s)
	}
	return l, nil
}

// serverLogger writes the Temporal server's log to the process's slog
// logger, so `cjlever dev` has one log.
//
// Fatal does not exit: the server calls it on conditions such as a port
// already in use, and zap's Fatal would end a test binary or `cjlever dev`
// with a line of JSON. Instead the error is handed to onFatal and only the
// calling goroutine ends (runtime.Goexit runs its deferred calls; code after
// Fatal in the server assumes it never returns). StartTemporal runs the start
// on a goroutine of its own for this reason.
type serverLogger struct {
	log     *slog.Logger
	level   slog.Level
	onFatal func(error)
}

var (
	_ tlog.Logger      = serverLogger{}
	_ tlog.SLogWrapper = serverLogger{}
	_ tlog.WithLogger  = serverLogger{}
)

func (l serverLogger) Debug(msg string, tags ...tag.Tag) { l.write(slog.LevelDebug, msg, tags) }
func (l serverLogger) Info(msg string, tags ...tag.Tag)  { l.write(slog.LevelInfo, msg, tags) }
func (l serverLogger) Warn(msg string, tags ...tag.Tag)  { l.write(slog.LevelWarn, msg, tags) }
func (l serverLogger) Error(msg string, tags ...tag.Tag) { l.write(slog.LevelError, msg, tags) }

// DPanic is the server's "should never happen": log it as an error, go on.
func (l serverLogger) DPanic(msg string, tags ...tag.Tag) { l.write(slog.LevelError, msg, tags) }

// Panic keeps its contract: the caller expects a panic.
func (l serverLogger) Panic(msg string, tags ...tag.Tag) {
	l.write(levelFatal, msg, tags)
	panic(fatalError(msg, tags))
}

func (l serverLogger) Fatal(msg string, tags ...tag.Tag) {
	err := fatalError(msg, tags)
	l.write(levelFatal, msg, tags)
	l.onFatal(err)
	runtime.Goexit()
}

func (l serverLogger) With(tags ...tag.Tag) tlog.Logger {
	l.log = l.log.With(attrsAsAny(tags)...)
	return l
}

func (l serverLogger) SLog() *slog.Logger { return l.log }

func (l serverLogger) write(level slog.Level, msg string, tags []tag.Tag) {
	if level < l.level || !l.log.Enabled(context.Background(), level) {
		return
	}
	l.log.LogAttrs(context.Background(), level, msg, attrs(tags)...)
}

func attrs(tags []tag.Tag) []slog.Attr {
	out := make([]slog.Attr, len(tags))
	for i, t := range tags {
		out[i] = slog.Any(t.Key(), t.Value())
	}
	return out
}

func attrsAsAny(tags []tag.Tag) []any {
	out := make([]any, len(tags))
	for i, a := range attrs(tags) {
		out[i] = a
	}
	return out
}

// fatalError keeps the server's error (so errors.Is finds e.g. "address
// already in use") and its other tags as context.
func fatalError(msg string, tags []tag.Tag) error {
	var cause error
	var context []string
	for _, t := range tags {
		if err := tagError(t); err != nil && cause == nil {
			cause = err
			continue
		}
		context = append(context, fmt.Sprintf("%s=%v", t.Key(), t.Value()))
	}
	if len(context) > 0 {
		msg += " (" + strings.Join(context, ", ") + ")"
	}
	if cause == nil {
		return errors.New(msg)
	}
	return fmt.Errorf("%s: %w", msg, cause)
}

// tagError is the error a tag.Error carries (its Value is only the text).
func tagError(t tag.Tag) error {
	if zt, ok := t.(tag.ZapTag); ok {
		if err, ok := zt.Field().Interface.(error); ok {
			return err
		}
	}
	return nil
}
