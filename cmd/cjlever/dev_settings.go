//go:build !nodev

package main

import (
	"crypto/rand"
	"path/filepath"
	"strings"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/emulators/leveremulator"
	"github.com/cjlever/cjlever/sandbox"
)

// devAdminPasswordFile is where dev keeps the settings page's password, in
// the data dir.
const devAdminPasswordFile = "admin-password"

// devAdminPassword is the settings page's password in dev, printed in the
// banner: made once in the data dir (mode 0600) and kept, so that a restart
// keeps the admin signed in; with --ephemeral, a fresh one in memory.
func devAdminPassword(dataDir string, ephemeral bool) (string, error) {
	newPassword := func() (string, error) { return rand.Text(), nil }
	if ephemeral {
		return newPassword()
	}
	return devSecretFile(filepath.Join(dataDir, devAdminPasswordFile), newPassword)
}

// devLeverClientID is cjlever's OAuth app at the Lever emulator.
const devLeverClientID = "cjlever-dev"

// devLeverApp registers cjlever as an OAuth app with the Lever emulator, so
// that the settings page connects emulated Lever accounts as it connects
// real ones, and returns the app and the emulator's environment ("emulator").
func devLeverApp(sb *sandbox.Sandbox, gatewayURL string) (config.LeverApp, lever.Environment) {
	secret := rand.Text()
	sb.Lever.RegisterOAuthClient(devLeverClientID, secret, gatewayURL+oauthCallbackPath)
	env := emulatorEnvironment(strings.TrimSuffix(sb.LeverURL, "/v1"))
	return config.LeverApp{ClientID: devLeverClientID, ClientSecret: config.Secret(secret)}, env
}

// devLeverEmulatorVar is, in a dev build, the root URL of a running Lever
// emulator (dev's, a test's) that gateway, worker and serve processes then
// know as the Lever environment "emulator": extra processes beside a dev
// stack serve the connections made on its settings page. Give them dev's
// OAuth app too (CJLEVER_LEVER_CLIENT_ID/SECRET).
const devLeverEmulatorVar = "CJLEVER_DEV_LEVER_EMULATOR_URL"

// devLeverEnvironments is the emulator's environment when
// devLeverEmulatorVar is set.
func devLeverEnvironments(lookup func(string) (string, bool)) []lever.Environment {
	root, ok := lookup(devLeverEmulatorVar)
	if !ok || root == "" {
		return nil
	}
	return []lever.Environment{emulatorEnvironment(strings.TrimRight(root, "/"))}
}

// emulatorEnvironment is the Lever emulator at root as a Lever environment.
func emulatorEnvironment(root string) lever.Environment {
	authorize, token, audience := leveremulator.OAuthURLsAt(root)
	return lever.Environment{Name: "emulator", AuthorizeURL: authorize, TokenURL: token, Audience: audience,
		APIBaseURL: root + "/v1"}
}
