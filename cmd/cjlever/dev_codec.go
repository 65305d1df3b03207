//go:build !nodev

package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/cjlever/cjlever/codec"
)

// devKeysFile is where dev keeps its codec key ring, in the data dir.
const devKeysFile = "codec-keys"

// devKeyID names the key dev makes.
const devKeyID = "dev"

// devKeyRing is dev's codec key ring. With --ephemeral it lives in memory,
// like everything else; otherwise it is made once in the data dir (mode
// 0600) and read on every restart, so that the workflows in the SQLite file
// stay readable. It returns the file's path ("" in memory).
func devKeyRing(dataDir string, ephemeral bool) (*codec.KeyRing, string, error) {
	newKeys := func() (string, error) { return codec.NewKeyString(devKeyID) }
	if ephemeral {
		keys, err := newKeys()
		if err != nil {
			return nil, "", err
		}
		ring, err := codec.ParseKeyRing(keys)
		return ring, "", err
	}
	path := filepath.Join(dataDir, devKeysFile)
	keys, err := devSecretFile(path, newKeys)
	if err != nil {
		return nil, "", fmt.Errorf("codec keys: %w", err)
	}
	ring, err := codec.ParseKeyRing(keys)
	if err != nil {
		return nil, "", fmt.Errorf("codec keys in %s: %w (without them the workflows in %s cannot be read: remove the data dir to start afresh)", path, err, dataDir)
	}
	return ring, path, nil
}

// devSecretFile reads the secret dev keeps at path, making it with create
// (mode 0600) the first time; when another process made it first, that one
// is read.
func devSecretFile(path string, create func() (string, error)) (string, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		return strings.TrimSpace(string(b)), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	secret, err := create()
	if err != nil {
		return "", err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return devSecretFile(path, create)
	}
	if err != nil {
		return "", err
	}
	if _, err := f.WriteString(secret + "\n"); err != nil {
		_ = f.Close()
		return "", err
	}
	return secret, f.Close()
}
