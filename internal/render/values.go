package render

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/glue-sync/glue-sync/internal/textsafe"
)

// defaultMaxValueWidth is how many characters of one value are shown before
// the rest is elided.
const defaultMaxValueWidth = 120

// value is one side of a diff, decoded for display.
type value struct {
	present bool   // false when the attribute is absent
	isStr   bool   // a JSON string: str holds it unquoted
	str     string // the string, or compact JSON for other values
}

// decodeValue decodes a raw JSON value. Absent (nil or empty) stays absent;
// something that is not JSON is shown as a marker, never as raw bytes.
func decodeValue(raw json.RawMessage) value {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return value{}
	}
	var s string
	if raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return value{present: true, isStr: true, str: s}
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return value{present: true, str: "(unreadable value)"}
	}
	return value{present: true, str: buf.String()}
}

// multiline reports whether v is a string spanning several lines.
func (v value) multiline() bool { return v.isStr && strings.Contains(v.str, "\n") }

// lines splits a multi-line string value; an absent value has no lines.
func (v value) lines() []string {
	if !v.present {
		return nil
	}
	return strings.Split(strings.TrimSuffix(v.str, "\n"), "\n")
}

// display formats a single-line value: strings quoted with control
// characters escaped, other JSON compact, both elided to width characters.
// focus is the rune offset of the interesting part (where two values
// differ), so elision keeps it in view.
func (v value) display(width, focus int) string {
	s := elide(v.str, width, focus)
	if v.isStr {
		s = strconv.Quote(s)
	} else {
		s = sanitizeLine(s)
	}
	if n := utf8.RuneCountInString(v.str); width > 0 && n > width {
		s += " (" + strconv.Itoa(n) + " characters, shortened)"
	}
	return s
}

// elide shortens s to width runes, keeping the rune at focus visible, and
// marks each end that was cut with "…".
func elide(s string, width, focus int) string {
	n := utf8.RuneCountInString(s)
	if width <= 0 || n <= width {
		return s
	}
	r := []rune(s)
	start := 0
	if focus > width*2/3 {
		start = focus - width/3
		if start+width > n {
			start = n - width
		}
	}
	end := start + width
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	b.WriteString(string(r[start:end]))
	if end < n {
		b.WriteString("…")
	}
	return b.String()
}

// firstDifference is the rune offset where a and b first differ.
func firstDifference(a, b string) int {
	i := 0
	for len(a) > 0 && len(b) > 0 {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			break
		}
		a, b = a[na:], b[nb:]
		i++
	}
	return i
}

// sanitizeLine escapes characters that would let a value move the cursor,
// recolour a terminal or reorder text (control, format and bidi characters),
// with the one rule every printer in glue-sync shares.
func sanitizeLine(s string) string { return textsafe.Line(s) }
