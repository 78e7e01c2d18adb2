package attrs

import (
	"strings"
	"testing"
	"unicode"
)

// checkTable: names are unique, repository names are lowerCamel (the
// spelling users write and read in plans), API names kebab-case.
func checkTable[T, W any](t *testing.T, name string, table Table[T, W]) {
	t.Helper()
	yaml, api := map[string]bool{}, map[string]bool{}
	for _, a := range table {
		if a.YAML != "" {
			if yaml[a.YAML] {
				t.Errorf("%s: repository name %q twice", name, a.YAML)
			}
			yaml[a.YAML] = true
			if strings.ContainsAny(a.YAML, "_- ") || !unicode.IsLower(rune(a.YAML[0])) {
				t.Errorf("%s: repository name %q is not lowerCamel", name, a.YAML)
			}
		}
		if api[a.API] {
			t.Errorf("%s: API name %q twice", name, a.API)
		}
		api[a.API] = true
		if a.API != strings.ToLower(a.API) || strings.Contains(a.API, "_") {
			t.Errorf("%s: API name %q is not kebab-case", name, a.API)
		}
		if got, ok := table.ByAPI(a.API); !ok || got.YAML != a.YAML {
			t.Errorf("%s: ByAPI(%q) = %q, %v", name, a.API, got.YAML, ok)
		}
	}
}

func TestTables(t *testing.T) {
	checkTable(t, "Organization", Organization)
	checkTable(t, "AssetType", AssetType)
	checkTable(t, "Field", Field)
	if a := Organization.ByYAML("quickNotes"); a.API != "quick-notes" || a.Rule != Text {
		t.Errorf("quickNotes: %+v", a)
	}
	if a := Field.ByYAML("showInList"); a.API != "show-in-list" || a.Rule != Bool {
		t.Errorf("showInList: %+v", a)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("ByYAML of an unknown name did not panic")
		}
	}()
	Field.ByYAML("show_in_list")
}

// TestNormText: CRLF as LF, trailing whitespace dropped, inner kept.
func TestNormText(t *testing.T) {
	if got := NormText("a \r\nb\r\n \t"); got != "a \nb" {
		t.Errorf("NormText = %q", got)
	}
}
