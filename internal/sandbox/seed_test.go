package sandbox_test

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// TestDocumentedSeedExample keeps docs/sandbox.md honest: its seed example
// is testdata/seed-example.yaml, verbatim, and it loads.
func TestDocumentedSeedExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/sandbox.md")
	if err != nil {
		t.Fatalf("reading the sandbox docs: %v", err)
	}
	example, err := os.ReadFile("testdata/seed-example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(doc, []byte("```yaml\n"+string(example)+"```")) {
		t.Errorf("docs/sandbox.md does not contain testdata/seed-example.yaml verbatim in a yaml block")
	}
	a := newAPI(t)
	a.sb.Seed(t, string(example))
	r := a.do("GET", "/flexible_assets?filter[flexible_asset_type_id]="+
		a.do("GET", "/flexible_asset_types?filter[name]=Wiki%20Page", nil).str("data.0.id"), nil).must(t, 200)
	wantValues(map[string]string{"data.0.attributes.name": "Mail flow", "data.0.attributes.traits.review-date": "2024-05-01",
		"data.0.attributes.traits.pages": "3", "data.1.attributes.traits.related.values.0.name": "Mail flow"})(t, a, r)
}

func TestSeedJSON(t *testing.T) {
	a := newAPI(t)
	a.sb.Seed(t, `{"organizations": [{"name": "From JSON", "id": 12, "domains": [{"name": "json.example"}]}]}`)
	a.do("GET", "/organizations/12", nil).must(t, 200)
	wantIDs("13")(t, a, a.do("GET", "/domains", nil))
}

func TestSeedErrors(t *testing.T) {
	for _, tc := range []struct {
		name, seed string
		want       []string
	}{
		{"unknown key", "organizations:\n  - name: A\n    colour: red\n", []string{"line 3", "colour"}},
		{"not YAML", "organizations: [\n", []string{"reading seed"}},
		{"unknown organization type", "organizations:\n  - {name: A, type: Partner}\n", []string{`organizations[0] ("A")`, `no organization type called "Partner"`}},
		{"duplicate org type", "organization_types: [A, A]\n", []string{"organization_types[1]", "already been taken"}},
		{"org without a name", "organizations:\n  - {short_name: X}\n", []string{"organizations[0]", "name can't be blank"}},
		{"pinned id twice", "organizations:\n  - {name: A, id: 5}\n  - {name: B, id: 5}\n", []string{"organizations[1]", "id 5 is already used"}},
		{"unknown parent", "organizations:\n  - {name: A, parent: Nobody}\n", []string{"parent", `no organization called "Nobody"`}},
		{"field rule", "flexible_asset_types:\n  - name: T\n    fields:\n      - {name: N, kind: Number, show_in_list: true}\n", []string{`flexible_asset_types[0] ("T")`, "0.attributes.decimals", "decimals is required"}},
		{"unknown tagged type", "flexible_asset_types:\n  - name: T\n    fields:\n      - {name: A, kind: Text, show_in_list: true}\n      - {name: R, kind: Tag, tag_type: \"FlexibleAssetType: Nope\"}\n", []string{"fields[1]", "names no flexible asset type"}},
		{"asset of an unknown type", "organizations: [{name: A}]\nflexible_assets:\n  - {organization: A, type: Nope, traits: {}}\n", []string{"flexible_assets[0]", `no flexible asset type called "Nope"`}},
		{"stray trait key", "organizations: [{name: A}]\nflexible_asset_types:\n  - name: T\n    fields: [{name: Title, kind: Text, show_in_list: true}]\nflexible_assets:\n  - organization: A\n    type: T\n    traits: {Title: x, select: Office 365}\n",
			[]string{"flexible_assets[0]", "traits.select", "invalid trait keys"}},
		{"unknown tag name", "organizations: [{name: A}]\nflexible_asset_types:\n  - name: T\n    fields: [{name: D, kind: Tag, tag_type: Domains, show_in_list: true}]\nflexible_assets:\n  - {organization: A, type: T, traits: {D: [nope.example]}}\n",
			[]string{`trait "D"`, `no domain named "nope.example"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, err := sandbox.New(sandbox.Options{APIKey: "ITG.k"})
			if err != nil {
				t.Fatal(err)
			}
			if err := srv.LoadSeed(strings.NewReader("organizations: [{name: Existing}]\n")); err != nil {
				t.Fatal(err)
			}
			var before bytes.Buffer
			srv.WriteSnapshot(&before)
			err = srv.LoadSeed(strings.NewReader(tc.seed))
			if err == nil {
				t.Fatal("LoadSeed succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			var after bytes.Buffer
			srv.WriteSnapshot(&after)
			if before.String() != after.String() {
				t.Errorf("a failed seed changed the account")
			}
		})
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	a := testAccount(t)
	var snap bytes.Buffer
	if err := a.sb.Server.WriteSnapshot(&snap); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(snap.String(), "s3cret") || strings.Contains(snap.String(), "never-read-back") {
		t.Errorf("the snapshot holds a password value")
	}
	b := newAPI(t)
	if err := b.sb.Server.ReadSnapshot(bytes.NewReader(snap.Bytes())); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/organizations", "/flexible_asset_types?include=flexible_asset_fields", "/flexible_assets?filter[flexible_asset_type_id]=33,40",
		"/passwords", "/configurations", "/organization_statuses"} {
		want, got := a.do("GET", p, nil).must(t, 200), b.do("GET", p, nil).must(t, 200)
		if strings.ReplaceAll(string(want.raw), a.sb.URL, "") != strings.ReplaceAll(string(got.raw), b.sb.URL, "") {
			t.Errorf("GET %s differs after a snapshot round trip", p)
		}
	}
	// New ids continue after the restored ones.
	r := b.do("POST", "/organizations", obj("organizations", map[string]any{"name": "After"})).must(t, 201)
	if id, _ := strconv.Atoi(r.str("data.id")); id <= 813 {
		t.Errorf("new id %d reuses the restored range", id)
	}
}

func TestReadSnapshotErrors(t *testing.T) {
	srv, _ := sandbox.New(sandbox.Options{APIKey: "ITG.k"})
	for _, in := range []string{"", "{", `{"format": 99, "account": {}}`, `{"format": 1}`} {
		if err := srv.ReadSnapshot(strings.NewReader(in)); err == nil {
			t.Errorf("ReadSnapshot(%q) succeeded", in)
		}
	}
}
