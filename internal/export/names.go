package export

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/glue-sync/glue-sync/internal/spec"
)

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// samePrefix reports whether a and b start with the same n letters,
// ignoring case.
func samePrefix(a, b string, n int) bool {
	ra, rb := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	return len(ra) >= n && len(rb) >= n && string(ra[:n]) == string(rb[:n])
}

func joinOr(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// maxSlug is the longest slug: with a -N suffix and .yaml it stays far
// below the 255 bytes a file name may have.
const maxSlug = 100

// slugs hands out file-name slugs: the name parameterised (as IT Glue
// derives name-keys), a fallback when that is empty, and -2, -3, ... on a
// collision. Callers ask in a stable order, so the slugs are stable.
type slugs map[string]bool

func (s slugs) take(name, fallback string) string {
	base := spec.Parameterize(name)
	if base == "" {
		base = fallback
	}
	if len(base) > maxSlug {
		// File systems take at most 255 bytes per name: keep the start,
		// readable, and a hash of the whole name, so that two long names
		// with the same start still get stable, different slugs.
		sum := sha256.Sum256([]byte(name))
		base = strings.TrimRight(base[:maxSlug-9], "-") + "-" + hex.EncodeToString(sum[:4])
	}
	k := base
	for n := 2; s[k]; n++ {
		k = fmt.Sprintf("%s-%d", base, n)
	}
	s[k] = true
	return k
}

// envName derives a Password variable's name from its parts: upper case,
// runs of anything but letters and digits as one "_", prefixed PW_.
func envName(parts ...string) string {
	var b strings.Builder
	b.WriteString("PW")
	for _, p := range parts {
		for _, w := range strings.Split(spec.Parameterize(p), "-") {
			if w != "" {
				b.WriteString("_" + strings.ToUpper(w))
			}
		}
	}
	return b.String()
}
