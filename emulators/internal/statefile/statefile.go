// Package statefile keeps an emulator's state as a private JSON snapshot, so
// that a dev restart keeps what the emulator was told.
package statefile

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Load decodes the snapshot at path, if there is one, into st, a fresh
// state: with no path or no file yet, st is left as it is. A snapshot whose
// "version" is not version is refused rather than half read. name prefixes
// errors, e.g. "lever emulator".
func Load(name, path string, version int, st any) error {
	if path == "" {
		return nil
	}
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: reading state: %w", name, err)
	}
	// The version is read apart: st's type is the emulator's, and its
	// version field already holds the current one.
	var head struct {
		Version int `json:"version"`
	}
	err = json.Unmarshal(raw, st)
	if err == nil {
		err = json.Unmarshal(raw, &head)
	}
	if err != nil {
		return fmt.Errorf("%s: state file %s is not valid JSON: %w", name, path, err)
	}
	if head.Version != version {
		return fmt.Errorf("%s: state file %s has version %d, want %d (delete it to start afresh)", name, path, head.Version, version)
	}
	return nil
}

// Save writes st to a temporary file in path's directory and renames it over
// path, so a crash never leaves a half-written file. The file is private
// (os.CreateTemp makes it 0600): it holds candidates' names and emails and
// signing secrets.
func Save(path string, st any) error {
	raw, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
