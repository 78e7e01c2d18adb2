package markdown

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/richtext"
)

// liveRoundTrip says, for each testdata/live/*.html (HTML as IT Glue may
// hold it), whether the Markdown FromHTML reads from it renders back to
// the same rich text. Only what the sanitiser drops may fail: an image,
// a script.
var liveRoundTrip = map[string]bool{
	"blockquote-attrs":      true,
	"code":                  true,
	"div-class":             true,
	"editor-breaks":         true,
	"editor-styles":         true,
	"emphasis-edges":        true,
	"font-color":            true,
	"image-width":           false, // the sanitiser keeps no images
	"link-target":           true,
	"lists":                 true,
	"paragraph-align":       true,
	"pre-class":             false, // nor classes on code
	"span-style":            true,
	"sub-sup":               true,
	"table-br":              true,
	"table-nested-list":     true,
	"table-no-head-section": true,
	"table-no-header":       true,
	"table-spans":           true,
	"underline":             true,
	"unsafe":                false, // nor scripts or frames
	"word-paste":            true,
}

// TestFromHTMLLiveGolden: each testdata/live/*.html reads (FromLive) as the Markdown
// in its .golden file, HTML Markdown cannot express kept as HTML; that
// Markdown renders to HTML with the canonical form of the live HTML, and
// reads back as the same Markdown (so an export, applied and exported
// again, is the same file), except where liveRoundTrip says not.
func TestFromHTMLLiveGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/live/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".html")
		seen[name] = true
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			live := string(src)
			md, ok := FromLive(live)
			sent, _ := Render([]byte(md))
			same := richtext.Canonical(sent) == richtext.Canonical(live)
			stable := FromHTML(Sanitize(sent)) == md
			var b strings.Builder
			fmt.Fprintf(&b, "== markdown\n%s== rendered\n%s\n== same canonical form: %v\n== reads back the same: %v\n", md, sent, same, stable)
			golden := strings.TrimSuffix(f, ".html") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if d := cmp.Diff(string(want), b.String()); d != "" {
				t.Errorf("FromHTML(%s) differs from %s (-want +got):\n%s", f, golden, d)
			}
			wantOK, listed := liveRoundTrip[name]
			if !listed {
				t.Fatalf("%s is not in liveRoundTrip", name)
			}
			if same != wantOK {
				t.Errorf("same canonical form = %v, want %v\nlive: %q\nsent: %q", same, wantOK, richtext.Canonical(live), richtext.Canonical(sent))
			}
			if wantOK && !stable {
				t.Errorf("the Markdown does not read back the same:\n%s\nvs\n%s", md, FromHTML(Sanitize(sent)))
			}
			if ok != (same && stable) {
				t.Errorf("FromLive ok = %v, but same = %v and stable = %v", ok, same, stable)
			}
		})
	}
	for name := range liveRoundTrip {
		if !seen[name] {
			t.Errorf("liveRoundTrip names %s, which has no testdata/live file", name)
		}
	}
}

// BenchmarkFromLive: what export spends deciding whether one long live
// Textbox (a table, lists, styled spans) is kept as a Markdown file.
func BenchmarkFromLive(b *testing.B) {
	src, err := os.ReadFile("testdata/live/table-spans.html")
	if err != nil {
		b.Fatal(err)
	}
	more, _ := os.ReadFile("testdata/live/span-style.html")
	live := strings.Repeat(string(src)+string(more), 4)
	b.SetBytes(int64(len(live)))
	for b.Loop() {
		if _, ok := FromLive(live); !ok {
			b.Fatal("does not round-trip")
		}
	}
}

// BenchmarkFromLiveSizes: FromLive on a short plain value, a Textbox
// IT Glue's editor wrote (about 2 KB) and a long page pasted from Word
// (about 50 KB).
func BenchmarkFromLiveSizes(b *testing.B) {
	read := func(name string) string {
		src, err := os.ReadFile("testdata/live/" + name)
		if err != nil {
			b.Fatal(err)
		}
		return string(src)
	}
	editor := read("span-style.html") + read("lists.html") + read("editor-styles.html")
	word := read("word-paste.html")
	for _, in := range []struct{ name, s string }{
		{"short-plain", "Restore from backup at 02:00"},
		{"editor-2KB", strings.Repeat(editor, (2<<10+len(editor)-1)/len(editor))},
		{"word-paste-50KB", strings.Repeat(word, (50<<10+len(word)-1)/len(word))},
	} {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.s)))
			b.ReportAllocs()
			for b.Loop() {
				FromLive(in.s)
			}
		})
	}
}

// TestSqueezeBlanks: squeezeBlanks does what the regular expression it
// replaced did, on edge cases and random strings of blanks and text.
func TestSqueezeBlanks(t *testing.T) {
	re := regexp.MustCompile(`[ \t]+`)
	inputs := []string{"", " ", "\t", "  ", "a", "a b", "a  b", "a\tb", " \t a \t", "a \\", "a\t\\ ", "é  ü\t\t", "\n  \n"}
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{" ", "\t", "a", "\\", "\n", "é", "\r"}
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(10) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		inputs = append(inputs, b.String())
	}
	for _, s := range inputs {
		if got, want := squeezeBlanks(s), re.ReplaceAllString(s, " "); got != want {
			t.Errorf("squeezeBlanks(%q) = %q, want %q", s, got, want)
		}
	}
}
