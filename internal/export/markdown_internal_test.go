package export

import (
	"strings"
	"testing"
)

// TestTextboxMarkdown: only long HTML whose Markdown renders back to the
// same rich text becomes a Markdown file; anything the round trip would
// change (underline, styled spans) stays inline, unchanged.
func TestTextboxMarkdown(t *testing.T) {
	long := strings.Repeat("<p>Restore the <strong>ERP</strong> database, then check the logs.</p>\n", 10)
	tests := []struct {
		name string
		html string
		md   bool
	}{
		{"long rich text", "<h1>Runbook</h1>\n" + long + "<ul><li>one</li><li>two</li></ul>", true},
		{"short rich text", "<p><b>short</b></p>", false},
		{"long plain text", strings.Repeat("plain words only ", 40), false},
		{"underline is not kept by a Markdown file", long + "<p><u>underlined</u></p>", false},
		{"styled span", long + `<p><span style="color:red">red</span></p>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md, ok := textboxMarkdown(tt.html)
			if ok != tt.md {
				t.Fatalf("textboxMarkdown(%.60q...) = %v (%q); want %v", tt.html, ok, md, tt.md)
			}
		})
	}
}
