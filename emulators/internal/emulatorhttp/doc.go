// Package emulatorhttp holds the gin plumbing the emulators share: the
// router shell (panic recovery, route logging, /healthz, the 404), error
// and {"data": ...} answers, and JSON body reading. Each emulator answers
// errors in its own API's shape, so its errors, or what makes them, are
// passed in.
package emulatorhttp
