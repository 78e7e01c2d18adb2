package spec

// isPlainDecimal reports whether s is a plain decimal number: an optional
// minus, digits without a leading zero (or a lone 0), and optionally a
// point followed by digits (^-?(0|[1-9][0-9]*)(\.[0-9]+)?$).
func isPlainDecimal(s string) bool {
	i, ok := scanDecimal(s)
	return ok && i == len(s)
}

// isJSONNumber reports whether s is a number as JSON writes it: a plain
// decimal optionally followed by an exponent
// (^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$).
func isJSONNumber(s string) bool {
	i, ok := scanDecimal(s)
	if !ok {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i = skipDigits(s, i); i < 0 {
			return false
		}
	}
	return i == len(s)
}

// scanDecimal reads a plain decimal at the start of s and returns where
// it ends.
func scanDecimal(s string) (int, bool) {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		i = skipDigits(s, i)
	default:
		return i, false
	}
	if i < len(s) && s[i] == '.' {
		if i = skipDigits(s, i+1); i < 0 {
			return i, false
		}
	}
	return i, true
}

// skipDigits returns the end of the digits at s[i:], or -1 when there is
// none.
func skipDigits(s string, i int) int {
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == i {
		return -1
	}
	return j
}
