package render

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/glue-sync/glue-sync/internal/diag"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// js encodes v as a raw JSON value for fixtures.
func js(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func emptyPlan() *plan.Plan {
	return &plan.Plan{Source: plan.Source{Dir: "examples/repo"}, Target: plan.Target{BaseURL: "https://api.itglue.com"}}
}

// errorPlan has no changes but an error diagnostic.
func errorPlan() *plan.Plan {
	p := emptyPlan()
	p.Diagnostics = []plan.Diagnostic{{Severity: plan.SeverityError, Pos: diag.ParsePos("organizations/acme.yaml:14:9"),
		Message: `tag "Acme DC" matches 2 configurations`, Hint: "name the configuration by id: {id: 1234}"}}
	return p
}

// hostilePlan has names built to break Markdown, HTML and terminals.
func hostilePlan() *plan.Plan {
	names := []string{
		"<script>alert(1)</script>",
		"Pipe | Co ``` `tick` -->",
		"@everyone [x](https://evil.example) *bold* _it_ <!-- c",
		"Esc\x1b[31mRed\x1b[0m\nNewline\u202eevil",
	}
	p := emptyPlan()
	for _, n := range names {
		p.Changes = append(p.Changes,
			plan.Change{ID: "organization/" + n, Action: plan.Delete, Kind: plan.KindOrganization, Name: n, LiveID: 1,
				Reason: "reason " + n},
			plan.Change{ID: "flexible-asset/" + n + "/T/" + n, Action: plan.Update, Kind: plan.KindAsset, Organization: n,
				AssetType: "T|`", Name: n, LiveID: 2, Source: "orgs/" + n + ".yaml:1:1",
				Diffs: []plan.Diff{{Path: "traits." + n, Before: js(n), After: js("```\n</details>\n" + n)}}})
	}
	p.Unmanaged = []plan.Unmanaged{{Kind: plan.KindOrganization, Address: names[0], LiveID: 5}}
	p.Diagnostics = []plan.Diagnostic{{Severity: plan.SeverityError, Pos: diag.ParsePos(names[1] + ":1:1"), Message: names[2], Hint: names[3]}}
	return p
}

// bigPlan has n changes over 50 organizations in runs of ten, with every
// tenth a delete and every third an update carrying a multi-line diff.
func bigPlan(n int) *plan.Plan {
	p := emptyPlan()
	// Sized at once: growing 5,000 changes by append copied them over and
	// over (a third of TestMarkdown5000ChangesFitOneComment's own CPU
	// under -race).
	p.Changes = slices.Grow(p.Changes, n)
	for i := range n {
		org := fmt.Sprintf("Customer %02d", (i/10)%50)
		ch := plan.Change{ID: fmt.Sprintf("flexible-asset/%s/Server/srv-%04d", org, i), Kind: plan.KindAsset,
			Organization: org, AssetType: "Server", Name: fmt.Sprintf("srv-%04d", i),
			Source: fmt.Sprintf("organizations/customer-%02d.yaml:%d:3", i%50, i+1)}
		switch {
		case i%10 == 0:
			ch.Action, ch.LiveID, ch.Source = plan.Delete, int64(i), ""
		case i%3 == 0:
			ch.Action, ch.LiveID = plan.Update, int64(i)
			ch.Diffs = []plan.Diff{
				{Path: "traits.IP", Before: js(fmt.Sprintf("10.0.0.%d", i%250)), After: js(fmt.Sprintf("10.0.1.%d", i%250))},
				{Path: "traits.Notes", Before: js("role: web\nowner: ops\npatch: monthly"), After: js("role: web\nowner: platform\npatch: weekly")},
			}
		default:
			ch.Action = plan.Create
			ch.Diffs = []plan.Diff{{Path: "traits.Hostname", After: js(ch.Name + ".example")}, {Path: "traits.OS", After: js("Linux")}}
		}
		p.Changes = append(p.Changes, ch)
	}
	return p
}
