package progress

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/glue-sync/glue-sync/internal/textsafe"
)

// DefaultEvery is the least time between two status lines when the stream
// is not a terminal: a CI log gets a line per interval of silence at most.
const DefaultEvery = 2 * time.Second

// defaultWidth is the terminal width assumed when it is unknown.
const defaultWidth = 80

// barWidth is the number of cells of the progress bar.
const barWidth = 20

// Options configure a Printer.
type Options struct {
	// TTY says the stream is a terminal: status lines are rewritten in
	// place. Otherwise they are plain lines, rate-limited.
	TTY bool
	// Width is the terminal's width in columns (0: 80). A status line is
	// cut to fit, so that rewriting it never leaves a wrapped remnant.
	Width int
	// Now is the clock that rate-limits plain status lines (nil:
	// time.Now).
	Now func() time.Time
	// Every is the least time between plain status lines, counted from
	// the last line of any kind (0: DefaultEvery).
	Every time.Duration
}

// Printer writes progress to one stream. It is safe for concurrent use.
type Printer struct {
	mu    sync.Mutex
	w     io.Writer
	o     Options
	shown string    // the status line on the terminal, "" when none
	last  time.Time // when the last plain line was written
	part  []byte    // an unfinished line written through Write
}

// New returns a Printer writing to w.
func New(w io.Writer, o Options) *Printer {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Every <= 0 {
		o.Every = DefaultEvery
	}
	if o.Width <= 0 {
		o.Width = defaultWidth
	}
	return &Printer{w: w, o: o, last: o.Now()}
}

// TTY reports whether the Printer rewrites a status line in place.
func (p *Printer) TTY() bool { return p.o.TTY }

// Line prints a lasting line (above the status line on a terminal).
func (p *Printer) Line(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.line(s)
}

func (p *Printer) line(s string) {
	s = textsafe.Line(s)
	if p.o.TTY && p.shown != "" {
		fmt.Fprintf(p.w, "\r\x1b[K%s\n%s", s, p.shown)
		return
	}
	fmt.Fprintln(p.w, s)
	p.last = p.o.Now()
}

// Write prints each complete line of b as a lasting line (see Line); an
// unfinished last line waits for the rest.
func (p *Printer) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.part = append(p.part, b...)
	for {
		i := bytes.IndexByte(p.part, '\n')
		if i < 0 {
			break
		}
		p.line(string(p.part[:i]))
		p.part = p.part[i+1:]
	}
	return len(b), nil
}

// Status shows s as what the run is doing now: on a terminal it replaces
// the status line; elsewhere it is printed only when nothing was printed
// for Options.Every.
func (p *Printer) Status(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s = textsafe.Line(s)
	if p.o.TTY {
		p.shown = cut(s, p.o.Width-1)
		fmt.Fprintf(p.w, "\r\x1b[K%s", p.shown)
		return
	}
	if now := p.o.Now(); now.Sub(p.last) >= p.o.Every {
		fmt.Fprintln(p.w, s)
		p.last = now
	}
}

// Clear removes the status line from the terminal (before other output
// goes to the stream, and at the end of a run). It does nothing elsewhere.
func (p *Printer) Clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.o.TTY && p.shown != "" {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
	p.shown = ""
}

// Wait says that the run waits d and why, as a lasting line, so that a
// pause is never silent: "waiting 28s: IT Glue answered 429 ...".
func (p *Printer) Wait(reason string, d time.Duration) {
	p.Line(fmt.Sprintf("waiting %s: %s", Duration(d), reason))
}

// Page reports that read of the pages of a list are read; what says what
// is listed ("listing flexible assets of type 7" reads as "reading
// flexible assets of type 7: page 3/12"). One-page lists are shown only
// on a terminal.
func (p *Printer) Page(what string, read, pages int) {
	what = "reading " + strings.TrimPrefix(what, "listing ")
	if pages <= 1 {
		if p.o.TTY {
			p.Status(what)
		}
		return
	}
	p.Status(fmt.Sprintf("%s: page %d/%d", what, read, pages))
}

// Step shows a bar of done out of total steps, with current, the step in
// flight ("" when none). It only draws on a terminal: elsewhere each step
// prints its own lasting line.
func (p *Printer) Step(done, total int, current string) {
	if !p.o.TTY {
		return
	}
	p.Status(Bar(done, total, current))
}

// Bar renders a progress bar line: "[#######-------------] 7/20 current".
func Bar(done, total int, current string) string {
	filled := 0
	if total > 0 {
		filled = min(barWidth, done*barWidth/total)
	}
	s := fmt.Sprintf("[%s%s] %d/%d", strings.Repeat("#", filled), strings.Repeat("-", barWidth-filled), done, total)
	if current != "" {
		s += " " + current
	}
	return s
}

// Duration rounds d for a person: whole seconds from 10 s up, tenths of
// a second from 1 s, milliseconds below.
func Duration(d time.Duration) string {
	switch {
	case d >= 10*time.Second:
		return d.Round(time.Second).String()
	case d >= time.Second:
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Millisecond).String()
}

// cut shortens s to at most n runes, ending with "…" when cut.
func cut(s string, n int) string {
	if n < 1 || utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
