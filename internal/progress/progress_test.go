package progress

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// clock is a fake clock moved by the test.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestPlain(t *testing.T) {
	var out bytes.Buffer
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := New(&out, Options{Now: c.now})

	p.Page("listing organizations", 1, 12) // at once: quiet
	c.t = c.t.Add(time.Second)
	p.Page("listing organizations", 2, 12) // 1 s of silence: quiet
	c.t = c.t.Add(time.Second)
	p.Page("listing organizations", 3, 12) // 2 s: printed
	p.Page("listing organizations", 4, 12) // just printed: quiet
	c.t = c.t.Add(3 * time.Second)
	p.Page("listing flexible assets of type 7", 1, 1) // one page: never
	p.Step(3, 25, "+ organization Contoso")           // the per-change lines say it
	p.Wait("IT Glue answered 429 (rate limit)", 28*time.Second)
	p.Status("reading more") // the wait line just now: quiet
	fmt.Fprintf(p, "[1/2] + organization A\x1b[31m: applied\n[2/2] ")
	fmt.Fprintf(p, "- organization B: applied\n")
	c.t = c.t.Add(2 * time.Second)
	p.Status("still reading")
	p.Clear()

	want := "reading organizations: page 3/12\n" +
		"waiting 28s: IT Glue answered 429 (rate limit)\n" +
		`[1/2] + organization A\x1b[31m: applied` + "\n" +
		"[2/2] - organization B: applied\n" +
		"still reading\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("plain output (-want +got):\n%s", diff)
	}
}

func TestTerminal(t *testing.T) {
	var out bytes.Buffer
	p := New(&out, Options{TTY: true, Width: 40})
	p.Page("listing flexible assets of type 7", 3, 12)
	p.Step(5, 20, "~ flexible-asset Contoso Ltd/Backup Job/CON Hourly SQL")
	p.Wait("IT Glue answered 429", 1500*time.Millisecond)
	p.Clear()
	p.Line("done")

	const clr = "\r\x1b[K"
	bar := "[#####---------------] 5/20 ~ flexible…"
	want := clr + "reading flexible assets of type 7: pag…" +
		clr + bar +
		clr + "waiting 1.5s: IT Glue answered 429\n" + bar +
		clr +
		"done\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("terminal output (-want +got):\n%q\nwant\n%q\n%s", out.String(), want, diff)
	}
	if p.TTY() != true {
		t.Error("TTY() = false for a terminal printer")
	}
}

func TestBar(t *testing.T) {
	tests := []struct {
		done, total int
		cur, want   string
	}{
		{0, 25, "", "[--------------------] 0/25"},
		{25, 25, "", "[####################] 25/25"},
		{1, 3, "+ organization X", "[######--------------] 1/3 + organization X"},
		{0, 0, "", "[--------------------] 0/0"},
	}
	for _, tt := range tests {
		if got := Bar(tt.done, tt.total, tt.cur); got != tt.want {
			t.Errorf("Bar(%d, %d, %q) = %q; want %q", tt.done, tt.total, tt.cur, got, tt.want)
		}
	}
	if got := cut(strings.Repeat("é", 10), 5); got != "éééé…" {
		t.Errorf("cut = %q", got)
	}
}
