package richtext

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// richElements are the HTML elements of rich text, in lower case.
var richElements = []string{
	"a", "abbr", "b", "big", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "div",
	"dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
	"ol", "p", "pre", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td",
	"tfoot", "th", "thead", "tr", "tt", "u", "ul", "var",
}

// looksHTML reports whether s has a start or end tag of a rich-text
// element: a value with one is read as HTML, any other value as plain
// text (so that "check <the> ERP" stays text). A tag is "<" or "</", an
// element's name in any case, then ">" or "/>", or white space (space,
// tab, line feed, form feed or carriage return) and anything but "<" and
// ">" up to a ">". Case is folded as Unicode folds it, so the Kelvin sign
// reads as "k" and the long s as "s".
//
// It is the regular expression (?i)</?(a|abbr|...)(\s[^<>]*)?/?> written
// out, which searched long values several times slower, allocating.
func looksHTML(s string) bool {
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			return false
		}
		i += j + 1
		k := i
		if k < len(s) && s[k] == '/' {
			k++
		}
		for _, name := range richElements {
			if end, ok := hasFoldPrefix(s, k, name); ok && tagRest(s, end) {
				return true
			}
		}
	}
}

// hasFoldPrefix reports whether s at i starts with name (lower-case ASCII
// letters and digits) under Unicode case folding, and where it ends.
func hasFoldPrefix(s string, i int, name string) (int, bool) {
	for n := 0; n < len(name); n++ {
		if i >= len(s) {
			return 0, false
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != name[n] {
				return 0, false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !foldsTo(r, rune(name[n])) {
			return 0, false
		}
		i += size
	}
	return i, true
}

// foldsTo reports whether the non-ASCII rune r is a case variant of the
// ASCII rune a.
func foldsTo(r, a rune) bool {
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f == a {
			return true
		}
	}
	return false
}

// tagRest reports whether s at i ends a tag after its element's name:
// ">", "/>", or white space and anything but "<" and ">" up to a ">".
func tagRest(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	switch s[i] {
	case '>':
		return true
	case '/':
		return i+1 < len(s) && s[i+1] == '>'
	case ' ', '\t', '\n', '\f', '\r':
		j := strings.IndexAny(s[i+1:], "<>")
		return j >= 0 && s[i+1+j] == '>'
	}
	return false
}

// breaks are the elements that only separate lines: <p>a</p><p>b</p>,
// <div>a</div>b and a<br>b all read as two lines, like "a\nb" in plain
// text.
var breaks = map[string]bool{"p": true, "div": true, "br": true}

// blocks are the elements that start and end a line and are kept, since
// they change what a reader sees (a list, a heading, a table).
var blocks = map[string]bool{
	"ul": true, "ol": true, "li": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"table": true, "tr": true, "td": true, "th": true, "caption": true,
	"pre": true, "blockquote": true, "hr": true, "dl": true, "dt": true, "dd": true,
}

// sections are the row groups of a table: an HTML reader adds <tbody>
// where it is left out, and a reader sees no difference between the
// groups (the header row's cells are <th> either way).
var sections = map[string]bool{"thead": true, "tbody": true, "tfoot": true}

// synonyms are elements editors swap for one another.
var synonyms = map[string]string{"strong": "b", "em": "i", "strike": "s", "del": "s"}

// Canonical returns the comparable form of a rich-text value: its lines,
// each with runs of white space made one space and trimmed, empty lines
// dropped, joined by "\n". A value with an HTML tag is read as HTML: <p>,
// <div> and <br> separate lines (a <p> or <div> with a style or an
// alignment keeps its tags, with only those, around its lines),
// entities are decoded, comments dropped, <span> and <font> without
// attributes dropped, <strong>/<em>/<del> read as <b>/<i>/<s>, a table's
// <thead>, <tbody> and <tfoot> dropped (an HTML reader adds <tbody> where
// it is left out), <code> inside <pre> dropped, and every other element
// kept as a tag in one spelling (lower case, attributes sorted, style
// attributes as "color: red; font-weight: bold"), so that formatting
// changes still count. White space inside <pre> is kept, but for a line
// break before its end. Any other value is plain text, whose line breaks
// are line breaks.
//
// Two values with the same Canonical form read the same in IT Glue.
func Canonical(s string) string {
	if !looksHTML(s) {
		return plain(s)
	}
	c := canon{kept: map[string][]bool{}}
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return c.finish()
		case html.TextToken:
			c.text(string(z.Text()))
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			c.tag(z.Token())
		}
	}
}

// IsHTML reports whether Canonical reads s as HTML (it has a tag of a
// rich-text element) rather than as plain text.
func IsHTML(s string) bool { return looksHTML(s) }

// plain is Canonical for a value without HTML.
func plain(s string) string {
	var out []string
	for line := range strings.Lines(s) {
		if l := collapse(line); l != "" {
			out = append(out, escapeText.Replace(l))
		}
	}
	return strings.Join(out, "\n")
}

// escapeText keeps text that looks like a tag apart from a tag.
var escapeText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// collapse makes every run of white space (no-break spaces included) one
// space and trims the ends.
func collapse(s string) string {
	// Most text is collapsed but for its ends: return it trimmed.
	t := strings.TrimFunc(s, isSpace)
	clean := true
	space := false // after a space
	for _, r := range t {
		if !isSpace(r) {
			space = false
			continue
		}
		if r != ' ' || space {
			clean = false
			break
		}
		space = true
	}
	if clean {
		return t
	}
	var b strings.Builder
	b.Grow(len(s))
	gap := false // white space since the last word
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if isSpace(r) {
			gap = b.Len() > 0
		} else {
			if gap {
				b.WriteByte(' ')
				gap = false
			}
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0':
		return true
	}
	return false
}

// canon accumulates the canonical lines of an HTML value.
type canon struct {
	lines []string
	cur   strings.Builder
	pre   int // depth of <pre>
	// kept says, for each open <span>, <font>, <p> and <div>, whether its
	// tags are kept (it has attributes).
	kept map[string][]bool
}

func (c *canon) text(t string) {
	if c.pre == 0 {
		// Keep one space where the text had white space at an edge, so
		// that "a <b>b</b>" keeps its space; the line is trimmed later.
		if t != "" && isSpace(rune(t[0])) {
			c.cur.WriteByte(' ')
		}
		c.cur.WriteString(escapeText.Replace(collapse(t)))
		if t != "" && isSpace(rune(t[len(t)-1])) && strings.TrimFunc(t, isSpace) != "" {
			c.cur.WriteByte(' ')
		}
		return
	}
	for i, l := range strings.Split(strings.ReplaceAll(t, "\r\n", "\n"), "\n") {
		if i > 0 {
			c.newline()
		}
		c.cur.WriteString(escapeText.Replace(strings.TrimRight(l, " \t")))
	}
}

func (c *canon) tag(tok html.Token) {
	name := tok.Data
	if s, ok := synonyms[name]; ok {
		name = s
	}
	switch {
	case name == "br":
		c.newline()
		return
	case breaks[name]:
		// A line of its own; with a style or an alignment its tags are
		// kept around its text, so that changing them counts (other
		// attributes, such as an id or a class, are not compared).
		switch tok.Type {
		case html.StartTagToken:
			c.newline()
			attrs := looks(tok.Attr)
			c.kept[name] = append(c.kept[name], len(attrs) > 0)
			if len(attrs) > 0 {
				c.cur.WriteString(tagString(tok.Type, name, attrs))
			}
		case html.EndTagToken:
			if k := c.kept[name]; len(k) > 0 {
				if k[len(k)-1] {
					end := tagString(tok.Type, name, nil)
					if c.cur.Len() == 0 && len(c.lines) > 0 {
						c.lines[len(c.lines)-1] += end
					} else {
						c.cur.WriteString(end)
					}
				}
				c.kept[name] = k[:len(k)-1]
			}
			c.newline()
		default:
			c.newline()
		}
		return
	case sections[name]:
		return
	case name == "code" && c.pre > 0:
		// Preformatted text reads the same with or without <code>.
		return
	case name == "span" || name == "font":
		// Dropped without attributes; an end tag goes with its start
		// tag.
		switch tok.Type {
		case html.StartTagToken:
			c.kept[name] = append(c.kept[name], len(tok.Attr) > 0)
			if len(tok.Attr) == 0 {
				return
			}
		case html.EndTagToken:
			k := c.kept[name]
			if len(k) == 0 || !k[len(k)-1] {
				if len(k) > 0 {
					c.kept[name] = k[:len(k)-1]
				}
				return
			}
			c.kept[name] = k[:len(k)-1]
		default:
			if len(tok.Attr) == 0 {
				return
			}
		}
	}
	block := blocks[name]
	if block {
		c.newline()
	}
	if name == "pre" {
		if tok.Type == html.StartTagToken {
			c.pre++
		} else if tok.Type == html.EndTagToken && c.pre > 0 {
			c.pre--
		}
	}
	if c.pre > 0 && tok.Type == html.EndTagToken && c.cur.Len() == 0 && len(c.lines) > 0 {
		// The line break before the end of preformatted text shows
		// nothing: "a\n</code>" reads as "a</code>".
		c.lines[len(c.lines)-1] += tagString(tok.Type, name, tok.Attr)
		return
	}
	c.cur.WriteString(tagString(tok.Type, name, tok.Attr))
	if block {
		c.newline()
	}
}

// tagString spells a tag one way: lower case, attributes sorted by name,
// values quoted and escaped.
func tagString(tt html.TokenType, name string, attrs []html.Attribute) string {
	if tt == html.EndTagToken {
		return "</" + name + ">"
	}
	if len(attrs) == 0 {
		return "<" + name + ">"
	}
	var b strings.Builder
	b.WriteString("<")
	b.WriteString(name)
	as := attrs
	if len(attrs) > 1 {
		as = slices.Clone(attrs)
		slices.SortFunc(as, func(x, y html.Attribute) int { return strings.Compare(x.Key, y.Key) })
	}
	for _, a := range as {
		v := strings.TrimSpace(a.Val)
		switch a.Key {
		case "style":
			v = style(v)
		case "class":
			v = collapse(v)
		}
		b.WriteString(" ")
		b.WriteString(a.Key)
		b.WriteString(`="`)
		b.WriteString(html.EscapeString(v))
		b.WriteString(`"`)
	}
	b.WriteString(">")
	return b.String()
}

func (c *canon) newline() {
	l := c.cur.String()
	c.cur.Reset()
	if c.pre == 0 {
		l = strings.TrimFunc(l, isSpace)
	}
	if l != "" {
		c.lines = append(c.lines, l)
	}
}

func (c *canon) finish() string {
	c.newline()
	return strings.Join(c.lines, "\n")
}

// style spells a style attribute one way: each declaration as
// "property: value" (the property in lower case, white space collapsed),
// empty declarations dropped, joined by "; " without a trailing one, as
// a sanitiser rewrites it.
func style(v string) string {
	var b strings.Builder
	first := true
	for d := range strings.SplitSeq(v, ";") {
		prop, val, ok := strings.Cut(d, ":")
		prop = strings.ToLower(collapse(prop))
		if !ok && prop == "" {
			continue
		}
		if !first {
			b.WriteString("; ")
		}
		first = false
		b.WriteString(prop)
		if ok {
			b.WriteString(": ")
			b.WriteString(collapse(val))
		}
	}
	return b.String()
}

// looks is the attributes of a <p> or <div> that change how it reads: its
// style (when it declares anything) and its alignment.
func looks(attrs []html.Attribute) []html.Attribute {
	var out []html.Attribute
	for _, a := range attrs {
		switch {
		case a.Key == "style" && style(strings.TrimSpace(a.Val)) != "",
			a.Key == "align" && strings.TrimSpace(a.Val) != "":
			out = append(out, a)
		}
	}
	return out
}
