package spec

import (
	"regexp"
	"testing"
)

// The patterns isPlainDecimal and isJSONNumber stand for (the checks used
// these regular expressions before).
var (
	plainDecimalRE = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`)
	jsonNumberRE   = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
)

var numberCases = []struct {
	s             string
	plain, isJSON bool
}{
	{"0", true, true}, {"7", true, true}, {"1500", true, true}, {"-12", true, true}, {"0.5", true, true},
	{"-0.25", true, true}, {"10.000", true, true}, {"1e3", false, true}, {"2.5E-7", false, true}, {"-1e+10", false, true},
	{"", false, false}, {"-", false, false}, {"01", false, false}, {"00", false, false}, {"1.", false, false},
	{".5", false, false}, {"+1", false, false}, {"1e", false, false}, {"1e+", false, false}, {"1.e3", false, false},
	{"1_000", false, false}, {"0x1F", false, false}, {" 1", false, false}, {"1 ", false, false}, {"1\n", false, false},
	{"--1", false, false}, {"1.2.3", false, false}, {"١", false, false}, {".inf", false, false}, {"NaN", false, false},
}

// TestNumbers: isPlainDecimal and isJSONNumber accept exactly what their
// patterns match.
func TestNumbers(t *testing.T) {
	for _, c := range numberCases {
		if got := isPlainDecimal(c.s); got != c.plain || got != plainDecimalRE.MatchString(c.s) {
			t.Errorf("isPlainDecimal(%q) = %v; want %v", c.s, got, c.plain)
		}
		if got := isJSONNumber(c.s); got != c.isJSON || got != jsonNumberRE.MatchString(c.s) {
			t.Errorf("isJSONNumber(%q) = %v; want %v", c.s, got, c.isJSON)
		}
	}
}

// FuzzNumbers: on any text, isPlainDecimal and isJSONNumber agree with
// their patterns.
func FuzzNumbers(f *testing.F) {
	for _, c := range numberCases {
		f.Add(c.s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isPlainDecimal(s), plainDecimalRE.MatchString(s); got != want {
			t.Errorf("isPlainDecimal(%q) = %v; the pattern says %v", s, got, want)
		}
		if got, want := isJSONNumber(s), jsonNumberRE.MatchString(s); got != want {
			t.Errorf("isJSONNumber(%q) = %v; the pattern says %v", s, got, want)
		}
	})
}
