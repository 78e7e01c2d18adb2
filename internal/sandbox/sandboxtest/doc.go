// Package sandboxtest runs a sandbox for tests: an in-memory IT Glue API on
// a loopback httptest server, closed when the test ends. Tests of the
// client, the reconciler and the CLI use it instead of a live account.
package sandboxtest
