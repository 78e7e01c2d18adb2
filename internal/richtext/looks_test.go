package richtext

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// looksHTMLRegexp is the regular expression looksHTML replaced, kept as
// the reference its answers are compared with.
var looksHTMLRegexp = regexp.MustCompile(`(?i)</?(a|abbr|b|big|blockquote|br|caption|cite|code|col|colgroup|dd|del|div|dl|dt|em|font|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|pre|q|s|samp|small|span|strike|strong|sub|sup|table|tbody|td|tfoot|th|thead|tr|tt|u|ul|var)(\s[^<>]*)?/?>`)

// looksEdges are the inputs where a hand-written scanner most easily
// differs from the regular expression.
var looksEdges = []string{
	"", "<", ">", "<>", "</>", "<p>", "</p>", "<P>", "</P >", "<p/>", "<p />", "<p/ >", "<p//>", "<p x=1>",
	"<p x<y>", "<p x=1", "<px>", "<p\v>", "<p\t>", "<p\n\n>", "<p\f>", "<p\r>", "<p\u00a0>", "< p>", "<<p>",
	"<h1>", "<h6>", "<h7>", "<h0>", "<H3 class=x>", "<h>", "<br>", "<br/>", "<BR />", "<brx>", "<b", "<b/",
	"<ab>", "<abbr>", "<abbr title='x'>", "<col>", "<colgroup>", "<colg>", "<img src=x>", "<imgs>",
	"<\u212abd>", "<\u017fpan>", "<\u017f>", "<KBD>", "<kBd>", "</\u017ftrong>", "<\u0130>", "<\u0131>",
	"<span\xff>", "<\xffspan>", "<span \xff>", "check <the> ERP", "x < y & z", "a <b>", "a </b", "<!-- <p> -->",
	"<o:p></o:p>", "<script>", "<p>a<p", "text <strong>bold</strong>", "<tbody>", "<tt>", "<t>", "<u>", "<ul>",
	"<var>", "<va>", "<q>", "<qq>", "<s>", "<samp>", "<sa>", "<sub/>", "<sup >", "<strike\t/>",
}

// TestLooksHTMLMatchesRegexp: the scanner reads a value as HTML exactly
// when the regular expression it replaced does, over the edge cases, the
// live rich-text samples and random strings made of pieces of tags.
func TestLooksHTMLMatchesRegexp(t *testing.T) {
	inputs := append([]string(nil), looksEdges...)
	samples, err := filepath.Glob("../markdown/testdata/live/*.html")
	if err != nil || len(samples) == 0 {
		t.Fatalf("no live samples (%v)", err)
	}
	for _, path := range samples {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, string(b))
	}
	for _, in := range benchInputs() {
		inputs = append(inputs, in.s)
	}
	pieces := []string{"<", "</", ">", "/>", "/", " ", "\t", "\n", "\v", "\u00a0", "p", "P", "b", "r", "h", "1",
		"7", "s", "S", "\u017f", "k", "\u212a", "bd", "pan", "trong", "abbr", "col", "group", "x", "=", "\"", "'",
		"\xff", "é", "span", "img", "tt", "u", "l", "a"}
	rng := rand.New(rand.NewPCG(1, 2))
	opens := []string{"<", "</", "< ", "<<", "<//", ""}
	names := append([]string{"h0", "h7", "x", "", "spa", "strongs", "\u212abd", "\u017fup", "IMG", "Br", "abb"}, richElements...)
	tails := []string{">", "/>", " >", " x=1>", "\t/>", "\v>", "\u00a0>", " <>", "", "//>", "x>", " a='<'>", "\n\n>", "\xff>"}
	for i := range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(4) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if i%2 == 0 {
			// Something close to a tag.
			b.WriteString(opens[rng.IntN(len(opens))])
			name := names[rng.IntN(len(names))]
			if rng.IntN(3) == 0 {
				name = strings.ToUpper(name)
			}
			b.WriteString(name)
			b.WriteString(tails[rng.IntN(len(tails))])
		}
		inputs = append(inputs, b.String())
	}
	matched := 0
	for _, s := range inputs {
		want := looksHTMLRegexp.MatchString(s)
		if got := looksHTML(s); got != want {
			t.Errorf("looksHTML(%q) = %v, the regular expression says %v", s, got, want)
		}
		if want {
			matched++
		}
	}
	// Both answers must be well represented, or the comparison proves
	// little.
	if matched < len(inputs)/20 || matched > len(inputs)*19/20 {
		t.Errorf("%d of %d inputs look like HTML; the random pieces need rebalancing", matched, len(inputs))
	}
}

// FuzzLooksHTML: the scanner and the regular expression it replaced agree
// on every input.
func FuzzLooksHTML(f *testing.F) {
	for _, s := range looksEdges {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := looksHTML(s), looksHTMLRegexp.MatchString(s); got != want {
			t.Errorf("looksHTML(%q) = %v, the regular expression says %v", s, got, want)
		}
	})
}

// TestCollapseMatchesFields: collapse gives what joining the value's
// fields (split at white space) with one space gives, the definition it
// replaced.
func TestCollapseMatchesFields(t *testing.T) {
	inputs := []string{"", " ", "a", " a", "a ", "a b", "a  b", "a\tb", "\u00a0a\u00a0\u00a0b\u00a0", "a\xffb", "\xff \xc2", "\xc2\xa0", "a\vb\fc\r\nd"}
	pieces := []string{" ", "  ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u2003", "a", "é", "\xff", "\xc2", "x y"}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 10000 {
		inputs = append(inputs, joinRandom(rng, pieces, 8))
	}
	for _, s := range inputs {
		if got, want := collapse(s), strings.Join(strings.FieldsFunc(s, isSpace), " "); got != want {
			t.Errorf("collapse(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestStyleMatchesDefinition: style spells a declaration list as the
// definition it was written from does: declarations split at ";", each
// "property: value" with white space collapsed, empty ones dropped,
// joined by "; ".
func TestStyleMatchesDefinition(t *testing.T) {
	def := func(v string) string {
		var out []string
		for _, d := range strings.Split(v, ";") {
			prop, val, ok := strings.Cut(d, ":")
			prop, val = strings.ToLower(collapse(prop)), collapse(val)
			switch {
			case !ok && prop == "":
				continue
			case !ok:
				out = append(out, prop)
			default:
				out = append(out, prop+": "+val)
			}
		}
		return strings.Join(out, "; ")
	}
	inputs := []string{"", ";", ";;", ":", "a", "a:", ":b", "COLOR:Red;", " color : red ; ; font-weight:bold", "a:b:c"}
	pieces := []string{";", ":", " ", "\t", "Color", "red", "x", "\u00a0", "É"}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 5000 {
		inputs = append(inputs, joinRandom(rng, pieces, 8))
	}
	for _, s := range inputs {
		if got, want := style(s), def(s); got != want {
			t.Errorf("style(%q) = %q, want %q", s, got, want)
		}
	}
}

// joinRandom joins fewer than most pieces drawn at random by rng.
func joinRandom(rng *rand.Rand, pieces []string, most int) string {
	var b strings.Builder
	for range rng.IntN(most) {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}
