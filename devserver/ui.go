package devserver

import (
	"errors"
	"fmt"
	"net/http"

	uiserver "github.com/temporalio/ui-server/v2/server"
	uiconfig "github.com/temporalio/ui-server/v2/server/config"
	uiserveroptions "github.com/temporalio/ui-server/v2/server/server_options"
)

// UI is a running Temporal Web UI.
type UI struct {
	server *uiserver.Server
	done   chan error
}

// StartUI serves the Temporal Web UI (embedded assets) on host:port, talking
// to the Temporal frontend at temporalAddress.
func StartUI(host string, port int, temporalAddress, namespace string) (ui *UI, err error) {
	cfg := &uiconfig.Config{
		Host:                host,
		Port:                port,
		TemporalGRPCAddress: temporalAddress,
		EnableUI:            true,
		DefaultNamespace:    namespace,
		CORS:                uiconfig.CORS{CookieInsecure: true},
		HideLogs:            true,
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("devserver: UI config: %w", err)
	}
	// NewServer panics on a config it dislikes; turn that into an error.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("devserver: starting the UI: %v", r)
		}
	}()
	srv := uiserver.NewServer(uiserveroptions.WithConfigProvider(cfg))
	ui = &UI{server: srv, done: make(chan error, 1)}
	go func() { ui.done <- srv.Start() }()
	return ui, nil
}

// Wait blocks until the UI server ends: nil after Stop, else its error.
func (u *UI) Wait() error {
	if err := <-u.done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Stop stops the UI server.
func (u *UI) Stop() { u.server.Stop() }
