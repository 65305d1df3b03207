// Package codec encrypts every payload cjlever puts in Temporal (workflow
// inputs and results, activity arguments and results, signals, queries,
// memos, failure messages) with AES-256-GCM, so Temporal's database, its
// operators and anyone with read access to the namespace see ciphertext
// only. Keys live in a KeyRing: the first key encrypts, every key decrypts,
// so a key can be rotated while histories written under the old one are
// still read. The Temporal Web UI decodes payloads through NewHTTPHandler,
// Temporal's codec-server protocol.
package codec
