package reconcile

import (
	"math/big"
	"testing"
)

// FuzzCanonNumber checks that canonNumber calls two numbers equal exactly
// when they are equal as exact rationals.
func FuzzCanonNumber(f *testing.F) {
	for _, s := range [][2]string{{"25", "25.0"}, {"-0", "0"}, {"1e3", "1000"}, {"99.50", "99.5"}, {"0.1", "1e-1"}, {"7", "8"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 40 || len(b) > 40 {
			return
		}
		ra, okA := new(big.Rat).SetString(a)
		rb, okB := new(big.Rat).SetString(b)
		ca, cb := canonNumber(a), canonNumber(b)
		if !okA || !okB || ca == "" || cb == "" {
			return
		}
		if (ra.Cmp(rb) == 0) != (ca == cb) {
			t.Errorf("canonNumber(%q) = %q, canonNumber(%q) = %q; exact equality is %v", a, ca, b, cb, ra.Cmp(rb) == 0)
		}
	})
}
