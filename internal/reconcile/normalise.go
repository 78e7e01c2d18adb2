package reconcile

import (
	"bytes"
	"encoding/json"
	"math/big"
	"regexp"
	"strings"
	"time"

	"github.com/glue-sync/glue-sync/internal/attrs"
)

// Normalisation: live values are brought to the same form as desired ones
// before comparing, so that a repository matching the account gives no
// changes. The rules (docs/reconcile.md repeats them):
//   - text: CRLF becomes LF and trailing white space is ignored; "" and
//     null are the same as absent;
//   - Select options: split on \r?\n, each trimmed, empty lines dropped;
//   - numbers: compared by value (25, 25.0 and "25" are equal);
//   - dates: yyyy-mm-dd, whatever time part the API adds;
//   - checkboxes: absent is false;
//   - Tag traits: the set of ids, whatever the shape (expanded or not) and
//     order.

// normText is the comparable form of a text value.
func normText(s string) string { return attrs.NormText(s) }

var lineBreak = regexp.MustCompile(`\r?\n`)

// selectOptions splits a Select field's default-value into its options.
func selectOptions(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	for _, o := range lineBreak.Split(s, -1) {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, o)
		}
	}
	return out
}

// canonNumber returns an exact canonical form of a decimal number (25,
// 25.0, "25" and 2.5e1 give the same), or "" when s is not a number.
// maxExactDigits bounds the decimal expansion canonNumber writes out.
const maxExactDigits = 4096

func canonNumber(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if c, ok := canonDecimal(s); ok {
		return c
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return ""
	}
	// A decimal with an exponent has a finite decimal expansion: its reduced
	// denominator is 2^a * 5^b, and max(a, b) digits, at most the
	// denominator's bit length, write it exactly. Bring it to the fast
	// path's form; values too small or too precise to expand cheaply keep
	// their exact rational form, which no decimal text equals.
	if digits := r.Denom().BitLen(); digits <= maxExactDigits {
		if c, ok := canonDecimal(r.FloatString(digits)); ok {
			return c
		}
	}
	return r.RatString()
}

// canonDecimal is canonNumber's fast path for plain decimals: "-012.50"
// gives "d-12.5". ok is false for anything else (exponents, "+", ".5"),
// which canonNumber reads exactly with math/big.
func canonDecimal(s string) (string, bool) {
	neg := false
	if s[0] == '-' {
		neg, s = true, s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || !allDigits(intPart) || (hasDot && (frac == "" || !allDigits(frac))) {
		return "", false
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	frac = strings.TrimRight(frac, "0")
	out := intPart
	if frac != "" {
		out += "." + frac
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return "d" + out, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// canonDate returns yyyy-mm-dd for a date or timestamp, or "" when s is
// neither.
func canonDate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 10 {
		if _, err := time.Parse(time.DateOnly, s[:10]); err == nil {
			return s[:10]
		}
	}
	return ""
}

// canonBool reads a boolean the API may send as true/false, 1/0 or a
// string of either.
func canonBool(raw json.RawMessage) (bool, bool) {
	s := strings.Trim(string(bytes.TrimSpace(raw)), `"`)
	switch strings.ToLower(s) {
	case "true", "1":
		return true, true
	case "false", "0", "", "null":
		return false, true
	}
	return false, false
}

// rawString returns a raw JSON value as text: a string's content, a
// number's digits; ok is false for null, objects and arrays.
func rawString(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", false
	}
	switch raw[0] {
	case '"':
		if len(raw) >= 2 && raw[len(raw)-1] == '"' && bytes.IndexByte(raw, '\\') < 0 {
			return string(raw[1 : len(raw)-1]), true
		}
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		return s, true
	case '{', '[':
		return "", false
	}
	return string(raw), true
}

// jsonValue encodes v as a raw JSON value (never fails for the values
// reconcile encodes: strings, numbers, booleans, string slices).
func jsonValue(v any) json.RawMessage {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return json.RawMessage(`null`)
	}
	return json.RawMessage(bytes.TrimRight(buf.Bytes(), "\n"))
}

// jsonNull is an explicit JSON null: "clear this attribute".
func jsonNull() json.RawMessage { return json.RawMessage(`null`) }

// compactRaw returns raw without insignificant white space.
func compactRaw(raw json.RawMessage) json.RawMessage {
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return raw
	}
	return buf.Bytes()
}
