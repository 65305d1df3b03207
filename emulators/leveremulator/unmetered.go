package leveremulator

import (
	"crypto/subtle"
	"fmt"
)

// AddUnmeteredAPIKey gives the account named name one more API key, which
// its rate limit does not meter. It stands for the recruiters' own use of
// Lever (its web app: moving candidates in bulk, reading notes), which does
// not spend an integration's API budget: a benchmark drives Lever through
// it while the integration's key is held to Lever's limit. Its requests are
// counted under the key, apart from the integration's.
func (e *Emulator) AddUnmeteredAPIKey(name string) (string, error) {
	a := e.account(name)
	if a == nil {
		return "", fmt.Errorf("lever emulator: no account %q", name)
	}
	key := randomAlphanumeric(apiKeyLen)
	a.mu.Lock()
	defer a.mu.Unlock()
	a.unmeteredKeys = append(a.unmeteredKeys, key)
	return key, nil
}

// hasUnmeteredKey tells whether key is one of the account's unmetered keys,
// comparing each in constant time.
func (a *account) hasUnmeteredKey(key string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	found := false
	for _, k := range a.unmeteredKeys {
		if subtle.ConstantTimeCompare([]byte(key), []byte(k)) == 1 {
			found = true
		}
	}
	return found
}
