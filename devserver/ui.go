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

// UIOptions configure the Temporal Web UI.
type UIOptions struct {
	// Host and Port are where the UI listens.
	Host string
	Port int
	// TemporalAddress is the Temporal frontend; Namespace the one it opens.
	TemporalAddress, Namespace string
	// CodecEndpoint is the codec server the browser decodes payloads with;
	// it sends the codec server's cookies along. Empty: no codec.
	CodecEndpoint string
	// CodecSignInURL is where the UI sends a user whose decode was refused.
	CodecSignInURL string
}

// StartUI serves the Temporal Web UI (embedded assets).
func StartUI(opts UIOptions) (ui *UI, err error) {
	cfg := &uiconfig.Config{
		Host:                opts.Host,
		Port:                opts.Port,
		TemporalGRPCAddress: opts.TemporalAddress,
		EnableUI:            true,
		DefaultNamespace:    opts.Namespace,
		CORS:                uiconfig.CORS{CookieInsecure: true},
		HideLogs:            true,
	}
	if opts.CodecEndpoint != "" {
		cfg.Codec = uiconfig.Codec{
			Endpoint:            opts.CodecEndpoint,
			IncludeCredentials:  true,
			DefaultErrorMessage: "Payloads are encrypted: sign in to cjlever's settings page to read them.",
			DefaultErrorLink:    opts.CodecSignInURL,
		}
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
