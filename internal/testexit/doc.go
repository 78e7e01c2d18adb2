// Package testexit ends a test binary as soon as its tests have passed.
//
// A binary built with -race pauses for a second when it exits: the race
// runtime's atexit_sleep_ms (1000 ms unless GORACE says otherwise), meant
// for C threads that might still report a race. Go test binaries have no
// such threads, and the testing package already fails a run in which the
// race detector reported anything, inside a test or outside one ("race
// detected outside of test execution", checked before m.Run returns). Over
// the repository's test binaries the pause was about 30 s of `go test -race
// ./...`, half of it on the suite's wall time on 2 CPUs.
//
// Every package with tests calls Main from its TestMain.
package testexit
