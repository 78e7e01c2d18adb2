package render

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/google/go-cmp/cmp"
)

func TestJSONGolden(t *testing.T) {
	for name, p := range map[string]*plan.Plan{"json-empty": emptyPlan(), "json-full": fullPlan()} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := JSON(&buf, p); err != nil {
				t.Fatal(err)
			}
			golden(t, name, buf.String())
		})
	}
}

// A well-formed plan survives JSON and plan.Decode unchanged: JSON is the
// plan file format, not a lossy view.
func TestJSONRoundTrip(t *testing.T) {
	p := fullPlan()
	var buf bytes.Buffer
	if err := JSON(&buf, p); err != nil {
		t.Fatal(err)
	}
	got, err := plan.Decode(&buf)
	if err != nil {
		t.Fatalf("Decode(JSON(plan)): %v", err)
	}
	if diff := cmp.Diff(p, got, compactJSON); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// compactJSON compares raw JSON values by content, not indentation.
var compactJSON = cmp.Transformer("compact", func(r json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, r); err != nil {
		return "invalid: " + string(r)
	}
	return b.String()
})

func TestRedacted(t *testing.T) {
	in := &plan.Plan{
		Target: plan.Target{BaseURL: "https://user:pw@api.itglue.com/?api_key=k#f"},
		Changes: []plan.Change{
			{ID: "a", Action: plan.Update, Diffs: []plan.Diff{
				{Path: "traits.Admin Password", Sensitive: true, Before: js("old"), After: js("new")},
				{Path: "traits.Root PW", Before: js("old"), After: js("new")},
				{Path: "traits.Notes", Before: js("a"), After: js("b")},
			}, Write: &plan.Write{
				Traits:  map[string]json.RawMessage{"root-pw": js("new"), "notes": js("b")},
				Secrets: map[string]plan.SecretSource{"root-pw": {Env: "ROOT_PW"}},
			}},
			{ID: "b", Action: plan.Create, Diffs: []plan.Diff{{Path: "name", After: js("B")}}},
		},
	}
	before, _ := json.Marshal(in)
	got := Redacted(in)
	want := &plan.Plan{
		Target: plan.Target{BaseURL: "https://api.itglue.com/"},
		Changes: []plan.Change{
			{ID: "a", Action: plan.Update, Diffs: []plan.Diff{
				{Path: "traits.Admin Password", Sensitive: true},
				{Path: "traits.Root PW", Sensitive: true},
				{Path: "traits.Notes", Before: js("a"), After: js("b")},
			}, Write: &plan.Write{
				Traits:  map[string]json.RawMessage{"notes": js("b")},
				Secrets: map[string]plan.SecretSource{"root-pw": {Env: "ROOT_PW"}},
			}},
			{ID: "b", Action: plan.Create, Diffs: []plan.Diff{{Path: "name", After: js("B")}}},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Redacted (-want +got):\n%s", diff)
	}
	if after, _ := json.Marshal(in); !bytes.Equal(before, after) {
		t.Errorf("Redacted changed its input:\nbefore %s\nafter  %s", before, after)
	}
}
