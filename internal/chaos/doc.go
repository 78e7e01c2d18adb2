// Package chaos is glue-sync's fault-injection and secret-leak suite. It
// drives the real command line (cli.Main) against in-process sandboxes that
// answer with injected 429s, 5xx errors and dropped connections (half of
// them after the write was applied), and proves what a user relies on:
//
//   - apply repeated until it succeeds converges: a plan then shows no
//     changes, the account holds no duplicate organization, type, field or
//     asset, and nothing outside the repository's scope changed by a byte;
//   - every faulty run exits 0 or 1 with a report giving every change a
//     status, never a panic;
//   - an apply cancelled part-way converges on the rerun, without
//     duplicates;
//   - two applies of one repository started together (from two lock
//     folders, as from two machines) under faults exit 0, 1 or 3 and
//     leave no duplicate asset, and the account then converges;
//   - neither the API key nor any Password value (nor their base64,
//     URL-encoded or JSON-escaped forms) reaches stdout, stderr, a plan
//     file or any file written under the test's directory, whatever the
//     command, format, debug setting or failure.
//
// The commands run through internal/clitest, which gives the client
// backoff of 1 to 10 ms and honours a Retry-After for at most 10 ms: every
// retry and pause is still exercised, the suite just does not sleep for
// production waits. The sandboxes sit behind a small wrapper that counts
// writes, so a test can cancel an apply after a given number of them.
//
// Every test runs in both sandbox profiles. Cases that differ only in
// where the faults fall (the seed of one fault mix, the write a plan
// file's apply is interrupted after) are shared out between
// the two profiles rather than run in both, so that each runs once; the
// harshest mix runs in both. An interrupted apply is a chain on one
// account: each run loses the answer to its second write, the next starts
// from what it left, the pessimistic profile's chain offset by one, so
// that between them every write of the apply is lost once. Commands that
// never reach the account (validate) or whose answers no profile changes
// (an echoing gateway, 5xx and dropped connections) run in one profile;
// each test says which and why.
//
// This is the longest package of "go test -race ./...": one CLI run costs
// 0.1 to 0.2 CPU-seconds under -race, so a case earns each run it makes. Seeded accounts are restored from a snapshot built once per seed
// and profile; one run feeds every check it can (a repository holding
// every shape of plaintext password, one plan per renderer with a debug
// switch and a plan file).
//
// Two flags widen the hunt beyond what CI runs: -chaos.big converges the full 10 x 3 x 30 generated
// repository (a minute per run: the client's rate budget allows a burst of
// 100 requests, then 9 per second), and -chaos.seeds=N sweeps N more fault
// seeds.
//
// The package has no non-test code.
package chaos
