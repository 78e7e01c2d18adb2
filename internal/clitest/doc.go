// Package clitest runs glue-sync's command line in-process against a
// sandbox account, for the tests of cli, e2e, chaos, export and gitsrc.
//
// It is the one copy of that harness:
//   - Start serves a sandbox account on loopback (a key, a seed, faults,
//     an optional wrapping handler) and gives the environment that points
//     glue-sync at it;
//   - Run runs glue-sync with args and only the given environment, with
//     short client backoff and retry waits (FastClient) so that no test
//     pays production waits, fails the test on a panic, and checks every
//     output for the secrets of the environment in all their encoded forms
//     (RunWith adds stdin, terminal flags, production waits for a live
//     account);
//   - Secrets, Canary and Unique make and look for secret values;
//   - CopyDir, WriteFiles and ReadFile handle repositories on disk (git
//     repositories: internal/gitsrc/gittest).
//
// The tests of package cli itself that use it are in package cli_test
// (clitest imports cli).
package clitest
