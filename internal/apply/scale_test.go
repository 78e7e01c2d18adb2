package apply

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// scale is an MSP-sized account and a repository that describes it: orgs
// organizations, types types, assets assets (every organization holds
// assets of every type), where the repository changes one trait of one
// asset in updateEvery (0: none; of every type) and declares creates more
// assets in new files, one per type, each listing assets of many
// organizations (so one organization's creates are far apart in the plan).
type scale struct {
	orgs, types, assets, updateEvery, creates int
}

func (s scale) orgName(o int) string  { return fmt.Sprintf("Org %03d", o) }
func (s scale) typeName(k int) string { return fmt.Sprintf("Type %02d", k) }

// asset i's type, organization and traits (count as the account holds it).
func (s scale) asset(i int) (typ, org int, traits map[string]any) {
	typ, org = i%s.types, (i/s.types)%s.orgs
	return typ, org, map[string]any{"Title": fmt.Sprintf("asset %05d", i), "Notes": "kept as is", "Count": i, "Tier": []string{"Gold", "Silver"}[i%2]}
}

// seed is the account as a sandbox seed document.
func (s scale) seed() string {
	type m = map[string]any
	var orgs, types, assets []m
	for o := range s.orgs {
		orgs = append(orgs, m{"name": s.orgName(o), "type": "Customer", "status": "Active"})
	}
	for k := range s.types {
		types = append(types, m{"name": s.typeName(k), "icon": "book", "fields": []m{
			{"name": "Title", "kind": "Text", "required": true, "use_for_title": true, "show_in_list": true},
			{"name": "Notes", "kind": "Textbox"},
			{"name": "Count", "kind": "Number", "decimals": 0},
			{"name": "Tier", "kind": "Select", "options": []string{"Gold", "Silver"}},
		}})
	}
	for i := range s.assets {
		typ, org, traits := s.asset(i)
		assets = append(assets, m{"organization": s.orgName(org), "type": s.typeName(typ), "traits": traits})
	}
	b, _ := json.Marshal(m{"organization_types": []string{"Customer"}, "organization_statuses": []string{"Active"},
		"organizations": orgs, "flexible_asset_types": types, "flexible_assets": assets})
	return string(b)
}

// writeRepo writes the repository into dir: one file per type, one for
// the organizations, one per organization for its assets.
func (s scale) writeRepo(tb testing.TB, dir string) {
	tb.Helper()
	files := map[string]*strings.Builder{}
	put := func(path, doc string) {
		b := files[path]
		if b == nil {
			b = &strings.Builder{}
			files[path] = b
		} else {
			b.WriteString("---\n")
		}
		b.WriteString(doc)
	}
	for k := range s.types {
		put(fmt.Sprintf("types/type-%02d.yaml", k), fmt.Sprintf(`kind: FlexibleAssetType
name: %s
icon: book
fields:
  - {name: Title, kind: Text, required: true, useForTitle: true, showInList: true}
  - {name: Notes, kind: Textbox}
  - {name: Count, kind: Number, decimals: 0}
  - {name: Tier, kind: Select, options: [Gold, Silver]}
`, s.typeName(k)))
	}
	for o := range s.orgs {
		put("organizations/all.yaml", fmt.Sprintf("kind: Organization\nname: %s\ntype: Customer\nstatus: Active\n", s.orgName(o)))
	}
	asset := func(path string, typ, org int, traits map[string]any) {
		put(path, fmt.Sprintf(
			"kind: FlexibleAsset\norganization: %s\ntype: %s\ntraits:\n  Title: %s\n  Notes: %s\n  Count: %d\n  Tier: %s\n",
			s.orgName(org), s.typeName(typ), traits["Title"], traits["Notes"], traits["Count"], traits["Tier"]))
	}
	for i := range s.assets {
		typ, org, traits := s.asset(i)
		if s.updateEvery > 0 && (i/s.types)%s.updateEvery == 0 { // every type, some organizations
			traits["Count"] = traits["Count"].(int) + 1
		}
		asset(fmt.Sprintf("assets/org-%03d.yaml", org), typ, org, traits)
	}
	for j := range s.creates { // a new file per type, its assets in many organizations
		typ, org, traits := s.asset(s.assets + j)
		asset(fmt.Sprintf("assets/new-%02d.yaml", typ), typ, org, traits)
	}
	for path, b := range files {
		p := filepath.Join(dir, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// scaleRun is a seeded sandbox, a client with counters and the repo.
type scaleRun struct {
	c   *client.Client
	sb  *sandboxtest.Sandbox
	dir string
	// updatesPer, when not 0, is how many updates apply sends per bulk
	// request instead of updateChunk.
	updatesPer int
}

func (s scale) start(tb testing.TB) *scaleRun {
	tb.Helper()
	sb := sandboxtest.Start(tb)
	sb.Seed(tb, s.seed())
	c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, client.WithRateLimit(0, 0, 0), client.WithMaxRetries(0))
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	s.writeRepo(tb, dir)
	return &scaleRun{c: c, sb: sb, dir: dir}
}

// plan reads the repository and the account and computes the plan, as
// glue-sync plan does.
func (r *scaleRun) plan(tb testing.TB) *plan.Plan {
	tb.Helper()
	ctx := context.Background()
	ds, diags := spec.LoadDir(ctx, r.dir)
	if diags.HasErrors() {
		tb.Fatalf("loading the generated repository: %v", diags)
	}
	live, err := reconcile.ReadLive(ctx, reconcile.ClientAPI(r.c), reconcile.ScopeOf(ds, nil))
	if err != nil {
		tb.Fatal(err)
	}
	p := reconcile.Compute(ds, live, reconcile.Options{SourceDir: r.dir})
	if p.HasErrors() {
		tb.Fatalf("the plan has errors: %+v", p.Diagnostics)
	}
	return p
}

// apply applies p, in bulk or (perObject) one object per request, and
// fails unless every change was applied.
func (r *scaleRun) apply(tb testing.TB, p *plan.Plan, perObject bool) *Report {
	tb.Helper()
	run := newRunner(ClientAPI(r.c), p, Options{})
	run.perObject = perObject
	if r.updatesPer != 0 {
		run.updatesPer = r.updatesPer
	}
	rep := runPlan(context.Background(), run)
	if !rep.OK() {
		tb.Fatalf("apply: %s", rep.Counts())
	}
	return rep
}
