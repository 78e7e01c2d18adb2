package richtext

import (
	"strings"
	"testing"
)

// benchInputs are the rich-text values a plan and an export compare:
// a short plain value, a Textbox IT Glue's editor wrote (about 2 KB), a
// long page pasted from Word (about 50 KB) and a long plain-text paste
// (about 50 KB, no tag: the whole value is searched for one).
func benchInputs() []struct{ name, s string } {
	editor := `<p>Restore the <strong>nightly</strong> backup of <span style="color: red">SRV-01</span> first.</p>` + "\n" +
		`<ul><li>Stop the <em>ERP</em> service</li><li>Check <a href="https://x.example/kb">the KB</a></li></ul>` + "\n"
	word := `<p class="MsoNormal" style="margin-left: 36pt"><span style="font-family: Calibri, sans-serif; font-size: 11pt">Restore from the&nbsp;NAS first, then check the replication.</span></p>` + "\n" +
		`<p class="MsoNormal"><br></p>` + "\n"
	plain := "Restore from the NAS first; check <the> ERP & the 2 > 1 rule.\n"
	return []struct{ name, s string }{
		{"short-plain", "Restore from backup at 02:00"},
		{"editor-2KB", repeatTo(editor, 2<<10)},
		{"word-paste-50KB", repeatTo(word, 50<<10)},
		{"plain-50KB", repeatTo(plain, 50<<10)},
	}
}

// repeatTo repeats s until the result has at least n bytes.
func repeatTo(s string, n int) string {
	return strings.Repeat(s, (n+len(s)-1)/len(s))
}

// BenchmarkCanonical: what a plan spends comparing one live Textbox.
func BenchmarkCanonical(b *testing.B) {
	for _, in := range benchInputs() {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.s)))
			b.ReportAllocs()
			for b.Loop() {
				Canonical(in.s)
			}
		})
	}
}

// BenchmarkIsHTML: deciding whether a value is HTML at all.
func BenchmarkIsHTML(b *testing.B) {
	for _, in := range benchInputs() {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.s)))
			b.ReportAllocs()
			for b.Loop() {
				IsHTML(in.s)
			}
		})
	}
}
