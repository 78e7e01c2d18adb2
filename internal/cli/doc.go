// Package cli wires glue-sync's subcommands: it parses flags into an options
// struct per command, builds the dependencies a command needs, and maps
// errors to exit codes. The work itself lives in the packages it calls
// (spec, client, reconcile, render, sandbox); this package does no diffing
// and no HTTP of its own.
//
// Every command is a file of its own (validate.go, plan.go, ...) with a
// newXCmd constructor registered in root.go, and tests call Main directly
// with test IOStreams, never os.Args or the real terminal.
package cli
