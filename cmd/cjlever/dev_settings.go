//go:build !nodev

package main

import (
	"crypto/rand"
	"path/filepath"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/config"
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
	authorize, token, audience := sb.Lever.OAuthURLs()
	env := lever.Environment{Name: "emulator", AuthorizeURL: authorize, TokenURL: token, Audience: audience, APIBaseURL: sb.LeverURL}
	return config.LeverApp{ClientID: devLeverClientID, ClientSecret: config.Secret(secret)}, env
}
