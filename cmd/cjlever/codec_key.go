package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/cjlever/cjlever/codec"
)

// runCodecKey prints a fresh CJLEVER_CODEC_KEYS value: one new key, named
// after today's date unless --id says otherwise. To rotate, put it in front
// of the current value.
func runCodecKey(args []string, out io.Writer, now time.Time) error {
	fs := flag.NewFlagSet("codec-key", flag.ContinueOnError)
	id := fs.String("id", "k"+now.UTC().Format("20060102"), "the new key's id (letters, digits, '-', '_', '.'): it is written into every payload it encrypts")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("codec-key takes no arguments (see cjlever codec-key -h)")
	}
	key, err := codec.NewKeyString(*id)
	if err != nil {
		return fmt.Errorf("codec-key: %w", err)
	}
	_, err = fmt.Fprintln(out, key)
	return err
}
