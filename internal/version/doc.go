// Package version says which build of glue-sync is running: the release
// tag stamped in at link time (-ldflags "-X ...version.Version=vX.Y.Z"), or
// else what the Go toolchain recorded in the binary (the module version of
// a `go install ...@vX.Y.Z`, the commit and whether the work tree had
// uncommitted changes).
package version
