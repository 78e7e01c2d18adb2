package spec

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/schemas"
)

// sameKeySameInstance fails unless two documents have the same
// instanceKey exactly when the schema sees the same value for both, the
// property that lets validate skip a document like one that passed.
func sameKeySameInstance(t *testing.T, a, b string) {
	t.Helper()
	da, errA := decodeAll([]byte(a))
	db, errB := decodeAll([]byte(b))
	if errA != nil || errB != nil || len(da) == 0 || len(db) == 0 {
		return
	}
	ka := instanceKey(nil, schemas.FlexibleAsset, da[0])
	kb := instanceKey(nil, schemas.FlexibleAsset, db[0])
	sameKey := bytes.Equal(ka, kb)
	sameValue := cmp.Equal(schemaInstance(da[0]), schemaInstance(db[0]))
	if sameKey != sameValue {
		t.Errorf("same key %v but same instance %v:\n%s\n---\n%s", sameKey, sameValue, a, b)
	}
}

func TestInstanceKey(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{"quoted number", "id: 5\n", "id: \"5\"\n", false},
		{"null and its text", "id: null\n", "id: \"null\"\n", false},
		{"two nulls", "id: null\n", "id: ~\n", true},
		{"hex is the same number", "id: 0x10\n", "id: 16\n", true},
		{"bool and text", "archived: true\n", "archived: \"true\"\n", false},
		{"a comma inside text", "a: 1\nb: 2\n", "a: \"1\\nb: 2\"\n", false},
		{"length prefix", "a: [\"ab\", \"c\"]\n", "a: [\"a\", \"bc\"]\n", false},
		{"duplicate key: the first wins", "a: 1\na: 2\n", "a: 1\n", true},
		{"traits are not the schema's", "traits: {Title: x}\n", "traits: {Notes: y}\n", true},
		{"traits that are not a mapping are", "traits: [x]\n", "traits: [y]\n", false},
		{"traits nested deeper are", "match: [{traits: {a: 1}}]\n", "match: [{traits: {a: 2}}]\n", false},
		{"empty and missing", "a: {}\n", "a: []\n", false},
		{"key order", "a: 1\nb: 2\n", "b: 2\na: 1\n", false}, // same instance, different key: a miss, not an error
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			da, _ := decodeAll([]byte(tt.a))
			db, _ := decodeAll([]byte(tt.b))
			same := bytes.Equal(instanceKey(nil, "s", da[0]), instanceKey(nil, "s", db[0]))
			if same != tt.same {
				t.Errorf("same key = %v; want %v", same, tt.same)
			}
			if same {
				sameKeySameInstance(t, tt.a, tt.b)
			}
		})
	}
}

// FuzzInstanceKey: equal keys only ever mean equal instances.
func FuzzInstanceKey(f *testing.F) {
	paths, _ := filepath.Glob("testdata/broken/*.yaml")
	for i, p := range paths {
		a, _ := os.ReadFile(p)
		b, _ := os.ReadFile(paths[(i+1)%len(paths)])
		f.Add(string(a), string(b))
	}
	f.Add("id: 5\n", "id: \"5\"\n")
	f.Fuzz(func(t *testing.T, a, b string) {
		sameKeySameInstance(t, a, b)
		sameKeySameInstance(t, a, a)
	})
}

// TestValidCacheGivesTheSameDiagnostics is a differential test: every
// document of the broken corpus, and the example repository, loaded twice
// over (two files with the same documents, so that the second copy of a
// document that passed is skipped through the cache) gets the same
// diagnostics with the cache as without it.
func TestValidCacheGivesTheSameDiagnostics(t *testing.T) {
	paths, _ := filepath.Glob("testdata/broken/*.yaml")
	base := baseFS(t)["base.yaml"]
	noCache := LoadOption(func(l *loader) { l.passed = nil })
	check := func(t *testing.T, fsys fstest.MapFS) {
		t.Helper()
		_, with := Load(context.Background(), fsys, ".")
		_, without := load(context.Background(), fsys, ".", "", noCache)
		if diff := cmp.Diff(without.String(), with.String()); diff != "" {
			t.Errorf("diagnostics with the cache differ (-without +with):\n%s", diff)
		}
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(p), func(t *testing.T) {
			check(t, fstest.MapFS{"base.yaml": base, "a.yaml": {Data: data}, "b.yaml": {Data: data}})
		})
	}
	t.Run("example repository", func(t *testing.T) {
		fsys := fstest.MapFS{}
		root := "../../examples/repo"
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			fsys[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
			if filepath.Ext(p) == ".yaml" {
				fsys["copy/"+filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		check(t, fsys)
	})
}
