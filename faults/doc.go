// Package faults holds cjlever's end-to-end fault suite, in its tests only:
// the real embedded Temporal server, the gateway and the worker wired as
// `cjlever dev` wires them, and the Lever and Codejudge emulators over HTTP,
// each reached through a fault proxy that answers 503 or 429 or refuses
// connections on command. Each scenario checks that every candidate gets
// exactly one invite and that nothing is lost. docs/reliability.md lists
// the scenarios and their last results.
package faults
