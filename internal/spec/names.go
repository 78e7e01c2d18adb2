package spec

import "strings"

// Parameterize derives an IT Glue name-key from a name the way the API
// does (like Rails' parameterize): lowercase, every run of characters other
// than ASCII letters and digits becomes one "-", and leading and trailing
// "-" are trimmed. "Email Servers" becomes "email-servers".
func Parameterize(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

// levenshtein returns the edit distance between a and b, in runes, where
// swapping two adjacent runes counts as one edit (optimal string
// alignment), so "nmae" is one edit from "name".
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	pprev := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], pprev[j-2]+1)
			}
		}
		pprev, prev, cur = prev, cur, pprev
	}
	return prev[len(rb)]
}

// Suggest returns the candidate closest to s (case-insensitively) when it
// is close enough to be a plausible typo, else "". Every "did you mean"
// hint in glue-sync goes through it, so the same typo gets the same answer
// from validate and from plan.
func Suggest(s string, candidates []string) string { return suggest(s, candidates) }

// suggest is Suggest.
func suggest(s string, candidates []string) string {
	const maxLen = 100 // names longer than this are not typos worth the time
	if len(s) > maxLen {
		return ""
	}
	best, bestD := "", -1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		if len(c) > maxLen {
			continue
		}
		d := levenshtein(ls, strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD < 0 {
		return ""
	}
	limit := len([]rune(s)) / 3
	if bestD > limit && !strings.EqualFold(Parameterize(s), Parameterize(best)) {
		return wordPrefixMatch(ls, candidates)
	}
	return best
}

// wordPrefixMatch returns the one candidate that starts with the lowercase
// ls followed by a space ("contoso" for "Contoso Ltd"), or that ls starts
// with in the same way, else "".
func wordPrefixMatch(ls string, candidates []string) string {
	found := ""
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if strings.HasPrefix(lc, ls+" ") || strings.HasPrefix(ls, lc+" ") {
			if found != "" {
				return "" // ambiguous
			}
			found = c
		}
	}
	return found
}
