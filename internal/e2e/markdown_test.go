package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/demo"
	"github.com/glue-sync/glue-sync/internal/markdown"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/richtext"
	"github.com/glue-sync/glue-sync/internal/sandbox"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// profileAccount is newAccount in a sandbox of the given profile (the
// pessimistic one stores Textbox values as HTML).
func profileAccount(t *testing.T, p sandbox.Profile, seed string) *account {
	t.Helper()
	a := clitest.Start(t, clitest.Options{Seed: seed, Sandbox: func(o *sandbox.Options) { o.Profile = p }})
	pw := map[string]string{}
	for _, e := range secretEnvs {
		pw[e] = "pw-" + strings.ToLower(e)
	}
	return &account{Account: a, env: a.Env(pw), api: a.Client(t)}
}

// runbooks are examples/repo's Markdown runbooks and the assets whose
// Restore Notes name them.
var runbooks = []struct{ file, org, job string }{
	{"runbooks/contoso-erp-restore.md", "Contoso Ltd", "CON Hourly SQL"},
	{"runbooks/fabrikam-wms-restore.md", "Fabrikam Inc", "FAB Nightly Servers"},
}

// TestRunbooksCoverMarkdown guards TestApplyThenPlanIsEmpty and
// TestMarkdownRunbookEditIsOneLineDiff: they prove something for each
// construct only while the example runbooks use them all.
func TestRunbooksCoverMarkdown(t *testing.T) {
	t.Parallel()
	var all strings.Builder
	for _, rb := range runbooks {
		html, warnings := markdown.Render([]byte(clitest.ReadFile(t, clitest.ExampleRepo+"/"+rb.file)))
		if len(warnings) > 0 {
			t.Errorf("%s: %+v", rb.file, warnings)
		}
		all.WriteString(html)
	}
	for _, construct := range []string{"<h1>", "<h2>", "<table>", `align="right"`, "<li>" + markdown.Checked, "<li>" + markdown.Unchecked,
		"<pre><code>", "<code>", `<a href="https://`, `<a href="mailto:`, "<blockquote>", "<ol>", "<ul>", "<strong>", "<em>"} {
		if !strings.Contains(all.String(), construct) {
			t.Errorf("no example runbook renders %s", construct)
		}
	}
}

// checkRunbooks checks that each runbook's asset holds HTML that reads as
// the rendered runbook.
func (a *account) checkRunbooks(t *testing.T) {
	t.Helper()
	for _, rb := range runbooks {
		want, _ := markdown.Render([]byte(clitest.ReadFile(t, clitest.ExampleRepo+"/"+rb.file)))
		live := a.asset(t, rb.org, "Backup Job", rb.job).Traits.Value("restore-notes")
		var got string
		if err := json.Unmarshal(live, &got); err != nil {
			t.Fatalf("%s restore-notes = %s: %v", rb.job, live, err)
		}
		if richtext.Canonical(got) != richtext.Canonical(want) {
			t.Errorf("%s restore-notes after apply:\n%s\nwant the rendered %s:\n%s", rb.job, got, rb.file, want)
		}
	}
}

// runbookRepo is a repository of examples/repo's organizations, its
// Backup Job type and one asset per runbook, each naming its runbook; the
// Contoso runbook is given by contoso. (One asset per organization: the
// test is about Textbox values, not about bulk creates.)
func runbookRepo(t *testing.T, contoso string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"glue-sync.yaml":             "version: 1\nmanage:\n  organizations: [Contoso Ltd, Fabrikam Inc]\n  flexibleAssetTypes: [Backup Job]\n",
		"organizations/clients.yaml": "kind: Organization\nname: Contoso Ltd\n---\nkind: Organization\nname: Fabrikam Inc\n",
		"types/backup-job.yaml":      clitest.ReadFile(t, clitest.ExampleRepo+"/types/backup-job.yaml"),
		runbooks[0].file:             contoso,
		runbooks[1].file:             clitest.ReadFile(t, clitest.ExampleRepo+"/"+runbooks[1].file),
	}
	for _, rb := range runbooks {
		files["assets/"+rb.job+".yaml"] = "kind: FlexibleAsset\norganization: " + rb.org + "\ntype: Backup Job\ntraits:\n  Job Name: " + rb.job +
			"\n  Schedule: Nightly\n  Restore Notes: {markdown: " + rb.file + "}\n"
	}
	clitest.WriteFiles(t, dir, files)
	return dir
}

// TestMarkdownRunbookEditIsOneLineDiff: apply an older version of a
// runbook, then the current one: the plan between shows Markdown on both
// sides differing in the edited line only, and the plan after apply is
// empty, for every construct of the example runbooks, in both profiles.
func TestMarkdownRunbookEditIsOneLineDiff(t *testing.T) {
	t.Parallel()
	src := clitest.ReadFile(t, clitest.ExampleRepo+"/"+runbooks[0].file)
	older := strings.Replace(src, "| 5 |", "| 10 |", 1)
	if older == src {
		t.Fatal("runbook changed shape: update this test's edit")
	}
	for _, profile := range sandbox.Profiles() {
		t.Run(profile.String(), func(t *testing.T) {
			a := profileAccount(t, profile, emptySeed(t))
			a.mustApply(t, runbookRepo(t, older))
			repo := runbookRepo(t, src)
			p := a.planJSON(t, repo)
			if got := changes(p); len(got) != 1 {
				t.Fatalf("plan after editing the runbook: %q; want one update", got)
			}
			d := findDiff(t, p, "flexible-asset/Contoso Ltd/Backup Job/CON Hourly SQL", "traits.Restore Notes")
			var before, after string
			if json.Unmarshal(d.Before, &before) != nil || json.Unmarshal(d.After, &after) != nil {
				t.Fatalf("diff values are not strings: %s -> %s", d.Before, d.After)
			}
			bl, al := strings.Split(before, "\n"), strings.Split(after, "\n")
			if len(bl) != len(al) {
				t.Fatalf("before has %d lines, after %d; want the same:\n%s\n---\n%s", len(bl), len(al), before, after)
			}
			var differ []string
			for i := range bl {
				if bl[i] != al[i] {
					differ = append(differ, bl[i]+" -> "+al[i])
				}
			}
			if len(differ) != 1 || !strings.Contains(differ[0], "| 10 |") {
				t.Errorf("lines that differ: %q; want only the edited table row", differ)
			}
			a.mustApply(t, repo)
			a.checkRunbooks(t)
			if got := changes(a.planJSON(t, repo)); len(got) != 0 {
				t.Errorf("plan after apply has %d changes; want none:\n%q", len(got), got)
			}
		})
	}
}

// findDiff returns the diff at path of the change id.
func findDiff(t *testing.T, p *plan.Plan, id, path string) plan.Diff {
	t.Helper()
	for _, ch := range p.Changes {
		if ch.ID != id {
			continue
		}
		for _, d := range ch.Diffs {
			if d.Path == path {
				return d
			}
		}
		t.Fatalf("change %s has no diff %s: %+v", id, path, ch.Diffs)
	}
	t.Fatalf("plan has no change %s: %q", id, changes(p))
	return plan.Diff{}
}

// TestMarkdownRunbooksPessimisticStore: the pessimistic profile stores
// Textbox values as HTML its own way (P8). The rendered runbooks that
// apply sends (the desired state's Text) read back with the canonical
// form they were sent with, so the comparison a re-plan makes finds no
// change; and the demo account's older Contoso runbook still compares as
// changed while its respelled Fabrikam runbook does not.
func TestMarkdownRunbooksPessimisticStore(t *testing.T) {
	t.Parallel()
	a := profileAccount(t, sandbox.ProfilePessimistic, string(demo.Seed()))
	ds, diags := spec.LoadDir(context.Background(), clitest.ExampleRepo)
	if diags.HasErrors() {
		t.Fatalf("examples/repo:\n%s", diags)
	}
	for i, rb := range runbooks {
		tv := ds.Asset(rb.org, "Backup Job", rb.job).TraitByField("Restore Notes")
		if tv == nil || tv.Markdown() == nil || tv.Markdown().File != rb.file {
			t.Fatalf("%s: Restore Notes = %+v; want the Markdown of %s", rb.job, tv, rb.file)
		}
		live := a.asset(t, rb.org, "Backup Job", rb.job)
		seeded := liveString(t, live.Traits.Value("restore-notes"))
		if differs := richtext.Canonical(seeded) != richtext.Canonical(tv.Text); differs != (i == 0) {
			t.Errorf("%s: the demo account's runbook differs from %s: %v; want %v", rb.job, rb.file, differs, i == 0)
		}
		traits := map[string]any{"job-name": rb.job, "schedule": "Nightly", "restore-notes": tv.Text}
		if _, err := a.api.FlexibleAssets.Update(context.Background(), live.ID, client.FlexibleAssetWrite{Traits: traits}); err != nil {
			t.Fatalf("%s: writing the rendered runbook: %v", rb.job, err)
		}
		got := liveString(t, a.asset(t, rb.org, "Backup Job", rb.job).Traits.Value("restore-notes"))
		if richtext.Canonical(got) != richtext.Canonical(tv.Text) {
			t.Errorf("%s: stored\n%s\nwhich does not read as the HTML sent:\n%s", rb.job, got, tv.Text)
		}
	}
}

func liveString(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("live value %s is not a string: %v", raw, err)
	}
	return s
}
