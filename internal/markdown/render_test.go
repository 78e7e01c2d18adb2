package markdown

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/richtext"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestRenderGolden: each testdata/*.md renders to the HTML, the canonical
// form and the warnings in its .golden file.
func TestRenderGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			html, warnings := Render(src)
			var b strings.Builder
			fmt.Fprintf(&b, "== html\n%s\n== canonical\n%s\n== warnings\n", html, richtext.Canonical(html))
			for _, w := range warnings {
				fmt.Fprintf(&b, "line %d: %s (%s)\n", w.Line, w.Message, w.Hint)
			}
			golden := strings.TrimSuffix(f, ".md") + ".golden"
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
				t.Errorf("Render(%s) differs from %s (-want +got):\n%s", f, golden, d)
			}
		})
	}
}

// TestRenderSanitises: nothing a rich-text field must not hold survives,
// whatever the Markdown says.
func TestRenderSanitises(t *testing.T) {
	src, err := os.ReadFile("testdata/unsafe.md")
	if err != nil {
		t.Fatal(err)
	}
	html, _ := Render(src)
	for _, bad := range []string{"<script", "alert", "onclick", "onmouseover", "onload", "<iframe", "javascript:", "data:", "<img",
		"position", "url(", "behavior", "<form", "<input", "<style", "display", "<object", "<embed", "<svg", "id=", "data-x", "99999"} {
		if strings.Contains(html, bad) {
			t.Errorf("rendered HTML holds %q:\n%s", bad, html)
		}
	}
	// What a rich-text field keeps stays: formatting, not behaviour.
	for _, good := range []string{"<b>bold</b>", "<div><p>kept paragraph</p></div>", `<span style="color: red">red</span>`,
		`<p style="color: blue">blue</p>`, "placed", "script link"} {
		if !strings.Contains(html, good) {
			t.Errorf("rendered HTML lost %q:\n%s", good, html)
		}
	}
}

// TestRenderWarnings: every link or image that cannot work inside IT
// Glue is reported at its line; web links are not.
func TestRenderWarnings(t *testing.T) {
	src, err := os.ReadFile("testdata/links.md")
	if err != nil {
		t.Fatal(err)
	}
	_, warnings := Render(src)
	type lw struct {
		Line int
		What string
	}
	var got []lw
	for _, w := range warnings {
		got = append(got, lw{w.Line, strings.Fields(w.Message)[0] + " " + strings.Fields(w.Message)[1]})
	}
	want := []lw{
		{3, "relative link"}, {3, `link "#table"`}, {5, `image "images/network.png"`}, {7, `link "ftp://files.example.com/x"`},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("warnings (-want +got):\n%s\nall: %v", d, warnings)
	}
}

// TestRenderDeterministic: the same source gives the same HTML every time
// (map order, concurrency), so plans made twice agree.
func TestRenderDeterministic(t *testing.T) {
	src, err := os.ReadFile("testdata/constructs.md")
	if err != nil {
		t.Fatal(err)
	}
	first, _ := Render(src)
	done := make(chan string, 8)
	for range 8 {
		go func() { h, _ := Render(src); done <- h }()
	}
	for range 8 {
		if h := <-done; h != first {
			t.Fatalf("Render gave different HTML:\n%s\nvs\n%s", first, h)
		}
	}
}

// liveVariants are ways a rich-text store or editor may give back the
// HTML glue-sync sent, each of which reads the same.
var liveVariants = []struct {
	name string
	f    func(string) string
}{
	{"attributes single-quoted and upper case", func(s string) string {
		s = regexp.MustCompile(`<a href="([^"]*)">`).ReplaceAllString(s, `<A HREF='$1'>`)
		return regexp.MustCompile(`<(th|td) align="([a-z]+)">`).ReplaceAllString(s, `<$1 ALIGN = $2 >`)
	}},
	{"entities spelled numerically", func(s string) string {
		return strings.NewReplacer("&amp;", "&#38;", "&#34;", "&quot;", "&lt;", "&#x3C;").Replace(s)
	}},
	{"br forms", func(s string) string { return strings.ReplaceAll(s, "<br>", "<BR />") }},
	{"whitespace between blocks", func(s string) string {
		return strings.NewReplacer("\n<", "\n\n  <", "</li>", "</li>\r\n").Replace(s)
	}},
	{"no newlines between blocks", func(s string) string {
		return regexp.MustCompile(`>\n<`).ReplaceAllString(s, "><")
	}},
	{"p inside li and empty paragraphs", func(s string) string {
		s = regexp.MustCompile(`<li>([^<]*)</li>`).ReplaceAllString(s, "<li><p>$1</p></li>")
		return "<p></p>" + s + "<p>&nbsp;</p>"
	}},
	{"tag synonyms and case", func(s string) string {
		return strings.NewReplacer("<strong>", "<B>", "</strong>", "</B>", "<em>", "<I>", "</em>", "</I>", "<del>", "<strike>", "</del>", "</strike>").Replace(s)
	}},
}

// TestLiveVariantsCompareEqual: the HTML IT Glue gives back for a
// rendered runbook, in any of the spellings above, has the canonical form
// of what was sent, so a re-plan after apply is empty.
func TestLiveVariantsCompareEqual(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.md")
	more, _ := filepath.Glob("../../examples/repo/runbooks/*.md")
	files = append(files, more...)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sent, _ := Render(src)
		want := richtext.Canonical(sent)
		for _, v := range liveVariants {
			t.Run(filepath.Base(f)+"/"+v.name, func(t *testing.T) {
				live := v.f(sent)
				if live == sent && v.name != "p inside li and empty paragraphs" {
					t.Skipf("variant does not apply to %s", f)
				}
				if got := richtext.Canonical(live); got != want {
					t.Errorf("live HTML\n%s\ncanonical %q\nwant %q", live, got, want)
				}
			})
		}
	}
}

// FuzzRenderCanonical: any Markdown renders and compares without
// panicking, the result holds no script, and rendering is stable.
func FuzzRenderCanonical(f *testing.F) {
	for _, s := range []string{"", "# h", "| a |\n|---|\n| b |", "- [ ] x", "```\ncode\n```", "<script>x</script>", "[a](b.md)", "![i](x)", "***", "> q\n> - [x] y", "a  \nb", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		html, _ := Render([]byte(s))
		c := richtext.Canonical(html)
		if strings.Contains(strings.ToLower(html), "<script") {
			t.Errorf("Render(%q) kept a script: %q", s, html)
		}
		again, _ := Render([]byte(s))
		if again != html {
			t.Errorf("Render(%q) not deterministic", s)
		}
		_ = c
		// Reading HTML back as Markdown never panics, on rendered HTML or
		// on any other text a live value may hold.
		back := FromHTML(html)
		_, _ = Render([]byte(back))
		_ = FromHTML(s)
		// A live value kept as Markdown renders to the same rich text.
		if md, ok := FromLive(s); ok {
			if again, _ := Render([]byte(md)); richtext.Canonical(again) != richtext.Canonical(s) {
				t.Errorf("FromLive(%q) = %q, ok, but it renders to %q", s, md, again)
			}
		}
	})
}

// TestFromHTMLRoundTrip: Markdown read back from the HTML Render made
// renders to the same canonical form, for every construct of the test
// runbooks and examples/repo's runbooks.
func TestFromHTMLRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.md")
	more, _ := filepath.Glob("../../examples/repo/runbooks/*.md")
	for _, f := range append(files, more...) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sent, _ := Render(src)
			back := FromHTML(sent)
			again, _ := Render([]byte(back))
			if d := cmp.Diff(richtext.Canonical(sent), richtext.Canonical(again)); d != "" {
				t.Errorf("Markdown read back:\n%s\nrenders differently (-sent +again):\n%s", back, d)
			}
			if back2 := FromHTML(again); back2 != back {
				t.Errorf("reading back is not stable:\n%s\nvs\n%s", back, back2)
			}
		})
	}
}

// TestFromHTMLExamples: the example runbooks read back line for line, so
// the plan's Markdown diff shows only what changed.
func TestFromHTMLExamples(t *testing.T) {
	files, _ := filepath.Glob("../../examples/repo/runbooks/*.md")
	if len(files) < 2 {
		t.Fatalf("want at least two example runbooks, have %v", files)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sent, _ := Render(src)
		if d := cmp.Diff(string(src), FromHTML(sent)); d != "" {
			t.Errorf("%s read back from its HTML (-source +read back):\n%s", f, d)
		}
	}
}

// TestRenderLinkRelKeepsNoOpener: a raw link may keep its rel, but never a
// value that gives the opened page a handle on the IT Glue tab
// (rel="opener" undoes the browser's noopener default for target=_blank).
func TestRenderLinkRelKeepsNoOpener(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`<a href="https://x.example/" target="_blank" rel="opener">x</a>`, `<a href="https://x.example/" target="_blank">x</a>`},
		{`<a href="https://x.example/" target="_blank" rel="noopener opener">x</a>`, `<a href="https://x.example/" target="_blank">x</a>`},
		{`<a href="https://x.example/" target="_blank" rel="OPENER">x</a>`, `<a href="https://x.example/" target="_blank">x</a>`},
		{`<a href="https://x.example/" target="_blank" rel="noopener noreferrer">x</a>`, `<a href="https://x.example/" target="_blank" rel="noopener noreferrer">x</a>`},
		{`<a href="https://x.example/" rel="nofollow">x</a>`, `<a href="https://x.example/" rel="nofollow">x</a>`},
	} {
		got, _ := Render([]byte("<p>" + tc.src + "</p>\n"))
		if !strings.Contains(got, tc.want) {
			t.Errorf("Render(%s) = %s, want it to hold %s", tc.src, got, tc.want)
		}
	}
}

// TestRenderStyleValuesCarryNothing: a style property the sanitiser keeps
// keeps only a value of its own kind: nothing that loads (url(), image
// sets), runs (expression(), javascript:, behavior, -moz-binding) or
// hides behind CSS escapes gets through any of them.
func TestRenderStyleValuesCarryNothing(t *testing.T) {
	hostile := []string{
		"url(https://evil.example/x.png)", "expression(alert(1))", "url(javascript:alert(1))",
		"red url(x)", `\75 rl(x)`, "image-set(x 1x)", "var(--x)", "calc(1px + expression(1))",
		"red; behavior: url(x.htc)", "red; -moz-binding: url(x.xml#x)",
	}
	props := []string{"color", "background-color", "font-family", "font-size", "font-weight", "font-style",
		"text-decoration", "text-align", "vertical-align", "text-indent", "line-height",
		"margin-left", "padding-left", "width", "height", "border", "border-collapse", "list-style-type", "white-space"}
	for _, prop := range props {
		for _, v := range hostile {
			src := `<p><span style="` + prop + ": " + v + `">x</span></p>` + "\n"
			got, _ := Render([]byte(src))
			for _, bad := range []string{"url", "expression", "javascript", "behavior", "binding", `\`, "image-set", "var(", "calc("} {
				if strings.Contains(strings.ToLower(got), bad) {
					t.Errorf("%s: %s -> %s", prop, v, got)
					break
				}
			}
		}
	}
}
