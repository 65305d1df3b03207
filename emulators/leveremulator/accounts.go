package leveremulator

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/cjlever/cjlever/emulators/internal/delivery"
)

// DefaultAccount names the account New creates: it has Options.APIKey, the
// state file, and what SeedSandbox seeds.
const DefaultAccount = "default"

// maxAccountNameLen bounds a name typed on the sign-in page.
const maxAccountNameLen = 64

// apiKeyLen is the length of an added account's API key.
const apiKeyLen = 40

// account is one Lever account: its own data, API key and webhook
// deliveries. Only the default account is kept in the state file.
type account struct {
	name      string
	apiKey    string
	stateFile string
	now       func() time.Time
	log       *slog.Logger

	mu sync.Mutex // guards st
	st *state

	webhooks *delivery.Deliverer
	throttle *accountThrottle
	// unmeteredKeys are further API keys that the throttle lets through
	// (AddUnmeteredAPIKey); guarded by mu.
	unmeteredKeys []string
}

// newAccount builds an account over st, with its own webhook deliverer.
func (e *Emulator) newAccount(name, apiKey, stateFile string, st *state) *account {
	return &account{
		name: name, apiKey: apiKey, stateFile: stateFile, now: e.opts.Now, log: e.opts.Logger, st: st,
		webhooks: newDeliverer(e.opts.HTTPClient, e.opts.RetryDelays, e.opts.Logger, e.opts.Now),
		throttle: newAccountThrottle(e.opts.RateLimit),
	}
}

// AddAccount adds an account named name, seeded as SeedSandbox seeds the
// default one (the same stages, posting and user ids), with a new API key.
// Added accounts live in memory only.
func (e *Emulator) AddAccount(name string) (apiKey string, err error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > maxAccountNameLen {
		return "", fmt.Errorf("lever emulator: an account name has 1 to %d characters", maxAccountNameLen)
	}
	a := e.newAccount(name, randomAlphanumeric(apiKeyLen), "", newState())
	if _, err := seedSandbox(a); err != nil {
		a.webhooks.Close()
		return "", err
	}
	e.accountsMu.Lock()
	defer e.accountsMu.Unlock()
	switch {
	case e.closed:
		err = errors.New("lever emulator: closed")
	case e.accounts[name] != nil:
		err = fmt.Errorf("lever emulator: account %q exists", name)
	}
	if err != nil {
		a.webhooks.Close()
		return "", err
	}
	e.accounts[name] = a
	return a.apiKey, nil
}

// AccountAPIKey is the API key of the account named name.
func (e *Emulator) AccountAPIKey(name string) (apiKey string, ok bool) {
	if a := e.account(name); a != nil {
		return a.apiKey, true
	}
	return "", false
}

// account is the account named name, or nil.
func (e *Emulator) account(name string) *account {
	e.accountsMu.Lock()
	defer e.accountsMu.Unlock()
	return e.accounts[name]
}

// accountByAPIKey is the account whose key is key, or nil. Every key is
// compared in constant time.
func (e *Emulator) accountByAPIKey(key string) *account {
	e.accountsMu.Lock()
	defer e.accountsMu.Unlock()
	var found *account
	for _, a := range e.accounts {
		if subtle.ConstantTimeCompare([]byte(key), []byte(a.apiKey)) == 1 || a.hasUnmeteredKey(key) {
			found = a
		}
	}
	return found
}

// accountNames lists the accounts, sorted, for the sign-in page.
func (e *Emulator) accountNames() []string {
	e.accountsMu.Lock()
	defer e.accountsMu.Unlock()
	return slices.Sorted(maps.Keys(e.accounts))
}

// closeAccounts stops every account's webhook deliveries; AddAccount refuses
// from now on.
func (e *Emulator) closeAccounts() {
	e.accountsMu.Lock()
	e.closed = true
	accounts := slices.Collect(maps.Values(e.accounts))
	e.accountsMu.Unlock()
	for _, a := range accounts {
		a.webhooks.Close()
	}
}
