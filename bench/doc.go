// Package bench measures a running cjlever against the figures of issue 9:
// webhook ingest against raw Temporal starts, stage change to invite note,
// Lever calls per invite and per result, and resident memory with many
// assessments waiting. It knows nothing of how the stack was started: the
// caller (cmd/cjlever bench) passes URLs, a Temporal client and the Lever,
// Codejudge and process handles as a Stack, and gets a Report back.
//
// Parts run in order, each adding figures and checking its targets. The
// bulk move under a shared Lever rate limit (issue 9, part 4) is a part still
// to come: it plugs in as one more Part in Parts.
package bench
