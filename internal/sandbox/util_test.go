package sandbox_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
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

// serveStatus sends GET /organization_types to srv in-process.
func serveStatus(srv http.Handler, key string) int {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/organization_types", nil)
	req.Header.Set("x-api-key", key)
	srv.ServeHTTP(rec, req)
	return rec.Code
}
