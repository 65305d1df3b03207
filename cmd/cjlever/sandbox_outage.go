//go:build !nodev

package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/cjlever/cjlever/sandbox"
)

// parseOutage reads `sandbox outage codejudge|lever on|off`.
func parseOutage(fs *flag.FlagSet, args []string) (sandboxAction, error) {
	rest, err := parseAnyOrder(fs, args)
	if err != nil {
		return nil, err
	}
	if len(rest) != 2 || (rest[0] != "codejudge" && rest[0] != "lever") || (rest[1] != "on" && rest[1] != "off") {
		return nil, fmt.Errorf("sandbox outage: want codejudge|lever on|off")
	}
	which, on := rest[0], rest[1] == "on"
	return func(ctx context.Context, sc *sandboxClients) error { return sc.outage(ctx, which, on) }, nil
}

// outage flips the emulator's sandbox outage switch: while on, its API
// answers 503 (docs/operations.md).
func (sc *sandboxClients) outage(ctx context.Context, which string, on bool) error {
	body := []byte(fmt.Sprintf(`{"on":%t}`, on))
	var err error
	if which == "codejudge" {
		err = sandboxPost(ctx, emulatorRoot(sc.codejudgeURL)+"/sandbox/outage", body,
			func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+sandbox.CodejudgeAPIKey) })
	} else {
		err = sandboxPost(ctx, emulatorRoot(sc.leverURL)+"/sandbox/outage", body,
			func(r *http.Request) { r.SetBasicAuth(sc.leverKey, "") })
	}
	if err != nil {
		return fmt.Errorf("is `cjlever dev` running? switching the %s outage: %w", which, err)
	}
	if on {
		fmt.Printf("The %s emulator now answers 503 to every API call. Turn it back: cjlever sandbox outage %s off\n", which, which)
	} else {
		fmt.Printf("The %s emulator answers again.\n", which)
	}
	return nil
}

// emulatorRoot is an emulator's root URL from its API base URL (".../v1").
func emulatorRoot(apiURL string) string {
	return strings.TrimSuffix(strings.TrimRight(apiURL, "/"), "/v1")
}

// sandboxPost posts a JSON body to an emulator's sandbox-only endpoint,
// authenticated by auth, and wants a 2xx.
func sandboxPost(ctx context.Context, u string, body []byte, auth func(*http.Request)) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	auth(req)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("%s: %s", resp.Status, strings.TrimSpace(string(msg)))
	}
	return nil
}
