package cli

import (
	"github.com/glue-sync/glue-sync/internal/apply"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/progress"
)

// progress returns the run's progress printer on stderr: a status line
// and bar on a terminal, plain rate-limited lines otherwise. Progress
// never goes to stdout, which stays clean for --format json.
func (d *deps) progress() *progress.Printer {
	if d.printer == nil {
		d.printer = progress.New(d.io.ErrOut, progress.Options{TTY: d.io.ErrTTY, Width: d.io.ErrWidth, Now: d.io.Now})
	}
	return d.printer
}

// progressHooks are the client options that report reads page by page
// and announce every wait of 2 s or more (a 429, a retry, the rate
// budget) on the progress printer.
func (d *deps) progressHooks() []client.Option {
	p := d.progress()
	return []client.Option{client.WithWaitNotice(p.Wait), client.WithReadProgress(p.Page)}
}

// applyBar is apply's progress bar: the printer on a terminal, none
// elsewhere (a log keeps one line per change).
func (d *deps) applyBar() apply.Bar {
	if p := d.progress(); p.TTY() {
		return p
	}
	return nil
}

// clearProgress removes the status line from the terminal before other
// output follows it.
func (d *deps) clearProgress() {
	if d.printer != nil {
		d.printer.Clear()
	}
}
