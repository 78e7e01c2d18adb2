package export

import (
	"strings"
	"testing"
)

// TestTextboxMarkdown: long HTML whose Markdown renders back to the same
// rich text becomes a Markdown file, HTML that Markdown cannot express
// kept in it as HTML; a value holding what the rendered HTML cannot hold
// (an image, a class on code) stays inline, unchanged, as do short values
// and plain text.
func TestTextboxMarkdown(t *testing.T) {
	long := strings.Repeat("<p>Restore the <strong>ERP</strong> database, then check the logs.</p>\n", 10)
	tests := []struct {
		name   string
		html   string
		md     bool
		inFile string // kept verbatim in the Markdown file
	}{
		{"long rich text", "<h1>Runbook</h1>\n" + long + "<ul><li>one</li><li>two</li></ul>", true, "- two"},
		{"short rich text", "<p><b>short</b></p>", false, ""},
		{"long plain text", strings.Repeat("plain words only ", 40), false, ""},
		{"long HTML, short Markdown", strings.Repeat("<p>abcdef</p>", 60), false, ""},
		{"underline kept as HTML", long + "<p><u>underlined</u></p>", true, "<u>underlined</u>"},
		{"styled span kept as HTML", long + `<p><span style="color:red">red</span></p>`, true, `<span style="color: red">red</span>`},
		{"spanning table kept as HTML", long + `<table><tr><td colspan="2">both</td></tr></table>`, true, `<tr><td colspan="2">both</td></tr>`},
		{"image stays inline", long + `<p><img src="https://files.example.com/rack.png" width="300"></p>`, false, ""},
		{"class on code stays inline", long + `<pre class="language-sql">SELECT 1;</pre>`, false, ""},
		{"script stays inline", long + `<script>alert(1)</script>`, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md, ok := textboxMarkdown(tt.html)
			if ok != tt.md {
				t.Fatalf("textboxMarkdown(%.60q...) = %v (%q); want %v", tt.html, ok, md, tt.md)
			}
			if !strings.Contains(md, tt.inFile) {
				t.Errorf("the Markdown lacks %q:\n%s", tt.inFile, md)
			}
		})
	}
}
