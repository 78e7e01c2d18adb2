package sandbox_test

import (
	"encoding/json"
	"strconv"
	"strings"
)

func itoa(i int) string { return strconv.Itoa(i) }

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// jsonText encodes v with sorted keys, for comparisons.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}
