// Package progress shows what a long run is doing on a stream (stderr),
// never on stdout: on a terminal one status line (a bar with counts and
// the object in flight, or the page being read) rewritten in place, with
// lasting lines printed above it; elsewhere (CI logs) plain lines only,
// with status updates rate-limited to one every few seconds of silence.
//
// A Printer is an io.Writer too: lines written to it are lasting lines,
// sanitised (control characters escaped) like everything else it prints.
package progress
