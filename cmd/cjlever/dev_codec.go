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
	if ephemeral {
		keys, err := codec.NewKeyString(devKeyID)
		if err != nil {
			return nil, "", err
		}
		ring, err := codec.ParseKeyRing(keys)
		return ring, "", err
	}
	path := filepath.Join(dataDir, devKeysFile)
	keys, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		keys, err = createDevKeysFile(path)
	}
	if err != nil {
		return nil, "", fmt.Errorf("codec keys: %w", err)
	}
	ring, err := codec.ParseKeyRing(strings.TrimSpace(string(keys)))
	if err != nil {
		return nil, "", fmt.Errorf("codec keys in %s: %w (without them the workflows in %s cannot be read: remove the data dir to start afresh)", path, err, dataDir)
	}
	return ring, path, nil
}

// createDevKeysFile writes a fresh key ring to path, only if no file is
// there yet; when another process made one first, that one is read.
func createDevKeysFile(path string) ([]byte, error) {
	keys, err := codec.NewKeyString(devKeyID)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return os.ReadFile(path)
	}
	if err != nil {
		return nil, err
	}
	if _, err := f.WriteString(keys + "\n"); err != nil {
		_ = f.Close()
		return nil, err
	}
	return []byte(keys), f.Close()
}
