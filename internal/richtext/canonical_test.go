package richtext

import (
	"html"
	"strings"
	"testing"
)

// TestCanonicalEqual: every spelling IT Glue (or an editor) may give the
// same text compares equal.
func TestCanonicalEqual(t *testing.T) {
	tests := []struct {
		name string
		a, b string
	}{
		{"plain vs wrapped in p", "Restore from backup", "<p>Restore from backup</p>"},
		{"line breaks as br", "line one\nline two", "<p>line one<br>line two</p>"},
		{"line breaks as br/", "line one\r\nline two", "<p>line one<br/>line two</p>"},
		{"line breaks as BR />", "line one\nline two", "<P>line one<BR />line two</P>"},
		{"lines as paragraphs", "line one\nline two", "<p>line one</p>\n<p>line two</p>"},
		{"blank line between paragraphs", "para one\n\npara two", "<p>para one</p><p>para two</p>"},
		{"divs", "a\nb", "<div>a</div><div>b</div>"},
		{"entities escaped", `Tom & Jerry <3 "quotes" 'apos'`, "<p>Tom &amp; Jerry &lt;3 &quot;quotes&quot; &#39;apos&#39;</p>"},
		{"numeric entities", "café – ok", "<p>caf&#233; &#x2013; ok</p>"},
		{"nbsp", "a b", "<p>a&nbsp;b</p>"},
		{"whitespace runs", "a   b\t c  ", "<p>\n  a b c\n</p>"},
		{"trailing newline", "text\n", "<p>text</p>\n"},
		{"attribute order", `<a href="https://x.example" target="_blank">x</a>`, `<a target="_blank"  href="https://x.example">x</a>`},
		{"attribute quoting", `<a href="https://x.example">x</a>`, `<a href='https://x.example'>x</a>`},
		{"strong is b", "<p><strong>Warning</strong>: read</p>", "<b>Warning</b>: read"},
		{"em is i", "<em>x</em>", "<p><i>x</i></p>"},
		{"plain span dropped", "<p><span>a</span> b</p>", "a b"},
		{"comments dropped", "<p>a<!-- editor note --></p>", "a"},
		{"empty paragraphs", "a", "<p></p><p>a</p><p>&nbsp;</p>"},
		{"space kept between inline tags", "<p>a <b>b</b> c</p>", "<p>a <strong>b</strong>  c</p>"},
		{"unknown tag-like text stays text", "check <the> ERP & go", "<p>check &lt;the&gt; ERP &amp; go</p>"},
		{"style spelling", `<span style="color:red;font-weight : bold;">x</span>`, `<span style="color: red; font-weight: bold">x</span>`},
		{"style property case", `<p><span style="COLOR: red">x</span></p>`, `<span style="color: red">x</span>`},
		{"class spacing", `<span class=" a  b ">x</span>`, `<span class="a b">x</span>`},
		{"font without attributes dropped", "<p><font>a</font> b</p>", "a b"},
		{"table body implied", "<table><tr><th>a</th></tr><tr><td>b</td></tr></table>", "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>b</td></tr></tbody></table>"},
		{"code in pre", "<pre>a\n  b</pre>", "<pre><code>a\n  b\n</code></pre>"},
		{"list", "<ul><li>one</li><li>two</li></ul>", "<ul>\n  <li>one</li>\n  <li>two</li>\n</ul>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ca, cb := Canonical(tt.a), Canonical(tt.b)
			if ca != cb {
				t.Errorf("Canonical(%q) = %q\nCanonical(%q) = %q\nwant equal", tt.a, ca, tt.b, cb)
			}
		})
	}
}

// TestCanonicalDiffers: changes a reader would see still count.
func TestCanonicalDiffers(t *testing.T) {
	tests := []struct {
		name string
		a, b string
	}{
		{"words", "Restore from backup", "<p>Restore from tape</p>"},
		{"bold added", "Warning: read", "<p><b>Warning</b>: read</p>"},
		{"link target", `<a href="https://a.example">x</a>`, `<a href="https://b.example">x</a>`},
		{"line split", "one two", "one\ntwo"},
		{"list vs lines", "one\ntwo", "<ul><li>one</li><li>two</li></ul>"},
		{"pre spacing", "<pre>a  b</pre>", "<pre>a b</pre>"},
		{"heading level", "<h1>x</h1>", "<h2>x</h2>"},
		{"styled span end kept", `<span style="color: red">a</span> b`, `<span style="color: red">a b</span>`},
		{"style value", `<span style="color: red">a</span>`, `<span style="color: blue">a</span>`},
		{"font color", `<font color="red">a</font>`, `a`},
		{"colspan", `<table><tr><td colspan="2">a</td></tr></table>`, `<table><tr><td>a</td></tr></table>`},
		{"underline", `<u>a</u> b`, `a b`},
		{"escaped tag is text", "<b>x</b>", "<p>&lt;b&gt;x&lt;/b&gt;</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if ca, cb := Canonical(tt.a), Canonical(tt.b); ca == cb {
				t.Errorf("Canonical(%q) == Canonical(%q) == %q; want them to differ", tt.a, tt.b, ca)
			}
		})
	}
}

func TestCanonicalForm(t *testing.T) {
	got := Canonical("<P CLASS='x' id=\"y\">Hello&nbsp;&amp; <EM>world</EM></P><pre>  a\n    b</pre>")
	want := "<p>" // never: <p> only separates lines
	if strings.Contains(got, want) {
		t.Errorf("Canonical kept <p>: %q", got)
	}
	if w := "Hello &amp; <i>world</i>\n<pre>\n  a\n    b\n</pre>"; got != w {
		t.Errorf("Canonical = %q; want %q", got, w)
	}
}

// itGlueHTML renders plain text the way a rich-text store may keep it.
func itGlueHTML(s string) string {
	var paras []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		paras = append(paras, "<p>"+strings.ReplaceAll(html.EscapeString(p), "\n", "<br>")+"</p>")
	}
	return strings.Join(paras, "\n")
}

// FuzzCanonical: Canonical never panics, and plain text compares equal to
// its HTML-normalised form.
func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"", "a", "a\nb", "a\n\nb", "Tom & Jerry", "x < y", "<p>a</p>", "<pre>a\n b</pre>", "a\u00a0b", "<b", "&amp;", "<a href=x>y</a>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Canonical(s)
		if looksHTML(s) {
			return
		}
		if h := Canonical(itGlueHTML(s)); h != c {
			t.Errorf("plain %q: Canonical = %q, but of its HTML %q = %q", s, c, itGlueHTML(s), h)
		}
	})
}

func TestIsHTML(t *testing.T) {
	for s, want := range map[string]bool{
		"<p>a</p>": true, "a<br>b": true, `<span style="x">a</span>`: true,
		"plain": false, "check <the> ERP": false, "x < y & z": false, "": false,
	} {
		if got := IsHTML(s); got != want {
			t.Errorf("IsHTML(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestCanonicalKeepsParagraphAttributes: a paragraph's or a division's
// style and alignment change what a reader sees (the sanitiser keeps
// them, and a Markdown file may hold them as HTML), so a change to them
// must count: otherwise a repository's new colour is never applied.
func TestCanonicalKeepsParagraphAttributes(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{`<p style="color: red">a</p>`, `<p style="color: blue">a</p>`},
		{`<p style="color: red">a</p>`, `<p>a</p>`},
		{`<div align="center">a</div>`, `<div>a</div>`},
		{`<p align="right">a</p><p>b</p>`, `<p>a</p><p align="right">b</p>`},
	} {
		if Canonical(tc.a) == Canonical(tc.b) {
			t.Errorf("Canonical(%s) = Canonical(%s) = %q", tc.a, tc.b, Canonical(tc.a))
		}
	}
	for _, tc := range []struct{ a, b string }{
		{`<p style="color:red">a</p>`, `<p style="color: red;">a</p>`},
		{`<div><p>a</p></div>`, `<p>a</p>`},
		{`<p>a<br>b</p>`, "a\nb"},
		{`<P STYLE="Color: red">a</P>`, `<p style="color: red">a</p>`},
	} {
		if Canonical(tc.a) != Canonical(tc.b) {
			t.Errorf("Canonical(%s) = %q, Canonical(%s) = %q; want them equal", tc.a, Canonical(tc.a), tc.b, Canonical(tc.b))
		}
	}
}
