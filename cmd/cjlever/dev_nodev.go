//go:build nodev

package main

import (
	"context"
	"errors"

	"github.com/cjlever/cjlever/clients/lever"
)

// The production image is built with -tags nodev: it carries neither the
// embedded Temporal server nor the emulators.
func runDev(context.Context, []string) error {
	return errors.New("this build has no dev server (built with -tags nodev); use gateway, worker or serve")
}

func runSandbox(context.Context, []string) error {
	return errors.New("this build has no sandbox (built with -tags nodev)")
}

func runBench(context.Context, []string) error {
	return errors.New("this build has no benchmark (built with -tags nodev)")
}

// devLeverEnvironments: a production build knows only Lever's environments.
func devLeverEnvironments(func(string) (string, bool)) []lever.Environment { return nil }
