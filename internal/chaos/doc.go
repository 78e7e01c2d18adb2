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
// The sandboxes sit behind a small wrapper that shortens the sandbox's
// one-second Retry-After to a few milliseconds (the client's pause is
// still exercised, the suite just does not sleep for it) and counts
// writes, so a test can cancel an apply after a given number of them.
//
// Two flags widen the hunt beyond what CI runs (about 40 s with -race on
// two cores): -chaos.big converges the full 10 x 3 x 30 generated
// repository (a minute per run: the client's rate budget allows a burst of
// 100 requests, then 9 per second), and -chaos.seeds=N sweeps N more fault
// seeds.
//
// The package has no non-test code.
package chaos
