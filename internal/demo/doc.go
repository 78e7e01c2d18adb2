// Package demo is the demo IT Glue account behind --sandbox: an embedded
// seed (seed.yaml) that partly differs from examples/repo, and Start, which
// runs an in-process sandbox preloaded with it on a loopback port.
//
// The sandbox lives as long as the process: nothing is written to disk, and
// the account is fresh on every run.
package demo
