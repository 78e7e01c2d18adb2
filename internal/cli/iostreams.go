package cli

import (
	"bytes"
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// IOStreams are the standard streams a command reads and writes, with what
// is known about whether they are terminals. Decoration (colour, progress,
// prompts) is only used on a terminal.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	// InTTY, OutTTY and ErrTTY report whether the stream is a terminal.
	InTTY, OutTTY, ErrTTY bool
	// ErrWidth is the width of the terminal ErrOut is (0: unknown); the
	// progress line is cut to it.
	ErrWidth int
	// Now is the clock that spaces progress lines in a log (nil:
	// time.Now). TestStreams stops it, so that a slow test machine never
	// adds a line to a transcript.
	Now func() time.Time
}

// System returns the process's own standard streams.
func System() *IOStreams {
	s := &IOStreams{
		In:     os.Stdin,
		Out:    os.Stdout,
		ErrOut: os.Stderr,
		InTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
	}
	if s.ErrTTY {
		if w, _, err := term.GetSize(int(os.Stderr.Fd())); err == nil {
			s.ErrWidth = w
		}
	}
	return s
}

// TestStreams returns streams backed by buffers, none of them a terminal.
func TestStreams() (ios *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	stopped := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return &IOStreams{In: in, Out: out, ErrOut: errOut, Now: func() time.Time { return stopped }}, in, out, errOut
}

// ColorEnabled reports whether colour may be written to Out: only on a
// terminal, and never when NO_COLOR is set (https://no-color.org).
func (s *IOStreams) ColorEnabled(getenv func(string) string) bool {
	return s.OutTTY && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}
