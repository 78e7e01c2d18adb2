package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// canary is a unique string planted where a buggy renderer might print a
// secret; it must never appear in any rendering.
const canary = "CANARY-7f3a9c2e-pw"

// canaryPlan is a malformed plan that carries the canary in every place a
// secret could leak from: values of Sensitive diffs, values of an unmarked
// diff of a trait that Write names as a secret, a Write trait for that
// secret, and the base URL's user info and query.
func canaryPlan() *plan.Plan {
	secrets := map[string]plan.SecretSource{"root-password": {Env: "ROOT_PW"}, "admin-password": {Env: "ADMIN_PW"}}
	mk := func(id string, a plan.Action, before, after json.RawMessage) plan.Change {
		return plan.Change{ID: "flexible-asset/Acme/Server/" + id, Action: a, Kind: plan.KindAsset, Organization: "Acme",
			AssetType: "Server", Name: id, LiveID: 1,
			Diffs: []plan.Diff{
				{Path: "traits.Admin Password", Sensitive: true, Before: before, After: after},
				{Path: "traits.Root Password", Before: before, After: after},
				{Path: "traits.root_password", Before: before, After: after},
			},
			Write: &plan.Write{Secrets: secrets,
				Traits: map[string]json.RawMessage{"root-password": js(canary), "Admin Password": js(canary + "\nline 2")}}}
	}
	return &plan.Plan{
		Target: plan.Target{BaseURL: "https://admin:" + canary + "@api.itglue.com/?api_key=" + canary + "#" + canary},
		Changes: []plan.Change{
			mk("created", plan.Create, nil, js(canary)),
			mk("updated", plan.Update, js("old-"+canary), js(canary+"\nsecond line")),
			mk("deleted", plan.Delete, js(canary), nil),
			mk("long", plan.Update, js(strings.Repeat("x", 500)+canary), js(strings.Repeat("x", 500)+canary+"y")),
		},
	}
}

func TestSecretCanaryNeverRendered(t *testing.T) {
	p := canaryPlan()
	before, _ := json.Marshal(p)
	outputs := map[string]string{}
	for name, opts := range map[string]TextOptions{"text": {}, "text-color": {Color: true}, "text-narrow": {MaxValueWidth: 5}} {
		outputs[name] = renderText(t, p, opts)
	}
	for lvl := levelFull; lvl <= levelCounts; lvl++ {
		opts := MarkdownOptions{}
		if lvl > levelFull {
			opts.MaxBytes = limitFor(t, p, opts, lvl)
		}
		outputs["markdown-"+levelName(lvl)] = renderMD(t, p, opts)
	}
	var buf bytes.Buffer
	if err := JSON(&buf, p); err != nil {
		t.Fatal(err)
	}
	outputs["json"] = buf.String()
	for name, out := range outputs {
		if strings.Contains(out, canary) {
			t.Errorf("%s output contains the secret canary:\n%s", name, out)
		}
		if !strings.Contains(out, "Admin Password") && name != "markdown-counts" && name != "markdown-lines" {
			t.Errorf("%s output does not show the sensitive change at all", name)
		}
	}
	if after, _ := json.Marshal(p); !bytes.Equal(before, after) {
		t.Errorf("rendering changed the plan")
	}
	// The JSON still records that the secrets change, without values.
	got, err := plan.Decode(strings.NewReader(outputs["json"]))
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range got.Changes {
		for _, d := range ch.Diffs {
			if !d.Sensitive || d.Before != nil || d.After != nil {
				t.Errorf("%s %s: sensitive=%v before=%s after=%s; want sensitive without values", ch.ID, d.Path, d.Sensitive, d.Before, d.After)
			}
		}
	}
}

func levelName(l mdLevel) string {
	return [...]string{"full", "names", "lines", "counts"}[l]
}
