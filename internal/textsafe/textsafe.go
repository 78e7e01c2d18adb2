package textsafe

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Line returns s with every character that is not printable escaped (see
// the package comment); spaces and tabs are kept. Text that needs no
// escaping is returned as is, without copying.
func Line(s string) string {
	if IsClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n == 1:
			// Invalid UTF-8: show the byte, not U+FFFD, so two different
			// names never print alike.
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[0])>>4, 16))
			b.WriteString(strconv.FormatUint(uint64(s[0])&0xf, 16))
		case printable(r):
			b.WriteString(s[:n])
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
		s = s[n:]
	}
	return b.String()
}

// IsClean reports whether Line would return s unchanged.
func IsClean(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' || c == 0x7f || c >= 0x80 {
			return isCleanSlow(s[i:])
		}
	}
	return true
}

func isCleanSlow(s string) bool {
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && n == 1 || !printable(r) {
			return false
		}
		s = s[n:]
	}
	return true
}

// printable keeps spaces, tabs and Unicode's printable characters (U+FFFD
// written as such included: invalid bytes are handled before); it escapes C0/C1 controls, DEL, format characters (bidi overrides,
// zero-width joiners), line and paragraph separators and unassigned code
// points.
func printable(r rune) bool {
	return r == ' ' || r == '\t' || unicode.IsPrint(r)
}
