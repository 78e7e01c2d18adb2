// Package e2e holds glue-sync's end-to-end tests: the whole command line
// (cli.Main) against an in-process sandbox preloaded with the demo account,
// driving examples/repo and variations of it. They prove the promises of
// plan and apply: apply then plan is empty for every kind and field kind,
// drift made behind the repository's back shows up exactly, unmanaged
// objects and traits survive, stale objects are refused while the rest is
// applied, the deletion threshold holds unless forced, the exit codes are
// as documented, and no secret ever reaches an output or a plan file.
//
// The package has no non-test code.
package e2e
