package render

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/diag"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// ghNames are the names the GitHub outputs must show inertly.
var ghNames = []string{
	"Pipe | Co",
	"Tick `code` ``` fence",
	"<details><summary>x</summary>",
	"<script>alert(1)</script>",
	"@octocat please look",
	"Fixes #123",
	"Line\nbreak ::error::injected %0A",
}

func ghPlan() *plan.Plan {
	p := emptyPlan()
	for i, n := range ghNames {
		origin := plan.OriginPR
		if i%2 == 1 {
			origin = plan.OriginBase
		}
		p.Changes = append(p.Changes,
			plan.Change{ID: "organization/" + n, Action: plan.Delete, Kind: plan.KindOrganization, Name: n, LiveID: 1, Origin: origin},
			plan.Change{ID: "flexible-asset/" + n + "/T/" + n, Action: plan.Update, Kind: plan.KindAsset, Organization: n,
				AssetType: n, Name: n, LiveID: 2, Source: "orgs/" + n + ".yaml:1:1", Origin: origin,
				Diffs: []plan.Diff{{Path: "traits." + n, Before: js(n), After: js("```\n</details>\n" + n)}}})
	}
	for _, n := range ghNames {
		p.Diagnostics = append(p.Diagnostics, plan.Diagnostic{Severity: plan.SeverityWarning, Pos: diag.Pos{File: "orgs/" + n + ".yaml", Line: 3, Col: 5}, Message: n, Hint: n})
	}
	return p
}

var codeSpan = regexp.MustCompile(`<code>[^<]*</code>`)

var fenceLine = regexp.MustCompile("^(`{3,})")

// outsideCode drops fenced code blocks (whose content GitHub shows as
// text), checking that each is closed only by its own fence.
func outsideCode(t *testing.T, s string) string {
	t.Helper()
	var out []string
	open := ""
	for _, line := range strings.Split(s, "\n") {
		m := fenceLine.FindStringSubmatch(line)
		switch {
		case open == "" && m != nil:
			open = m[1]
		case open != "" && m != nil && strings.TrimSpace(line) == open:
			open = ""
		case open != "" && m != nil && len(m[1]) >= len(open):
			t.Fatalf("a value closes the code block early: %q", line)
		case open == "":
			out = append(out, line)
		}
	}
	if open != "" {
		t.Fatal("a code block is never closed")
	}
	return strings.Join(out, "\n")
}

// checkInert fails when any name is active outside code blocks: a raw
// tag, a mention, an issue reference, a table-breaking pipe or a backtick.
func checkInert(t *testing.T, what, s string) {
	t.Helper()
	text := outsideCode(t, s)
	for _, bad := range []string{"<script", "@octocat", "#123", "Pipe | Co", "`code`", "<details><summary>x"} {
		if strings.Contains(text, bad) {
			t.Errorf("%s shows %q actively", what, bad)
		}
	}
	// GitHub links mentions and issue references in the text it renders,
	// entities decoded, outside <code>: none may survive there.
	shown := html.UnescapeString(codeSpan.ReplaceAllString(text, ""))
	for _, bad := range []string{"@octocat", "#123"} {
		if strings.Contains(shown, bad) {
			t.Errorf("%s renders %q as text GitHub would link", what, bad)
		}
	}
	if o, c := strings.Count(text, "<details>"), strings.Count(text, "</details>"); o != c {
		t.Errorf("%s: %d <details> but %d </details>", what, o, c)
	}
	if strings.Contains(s, "\x1b") {
		t.Errorf("%s holds a control character", what)
	}
}

func TestGitHubOutputsAreInert(t *testing.T) {
	opts := MarkdownOptions{Marker: "glue-sync:plan dir=examples/repo", Hidden: []string{"glue-sync:digest sha256:00"}}
	checkInert(t, "comment", renderMD(t, ghPlan(), opts))
	opts.MaxBytes = 1 << 20
	checkInert(t, "summary", renderMD(t, ghPlan(), opts))
	opts.MaxBytes = 3000
	checkInert(t, "shortened comment", renderMD(t, ghPlan(), opts))

	var buf bytes.Buffer
	if err := MarkdownFailed(&buf, FailedOptions{Marker: "glue-sync:plan dir=x", Error: strings.Join(ghNames, "\n"),
		Diagnostics: ghPlan().Diagnostics}); err != nil {
		t.Fatal(err)
	}
	checkInert(t, "failed comment", buf.String())

	buf.Reset()
	if err := Annotations(&buf, ghPlan().Diagnostics); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(ghNames) {
		t.Fatalf("%d annotation lines for %d diagnostics: a name broke a line:\n%s", len(lines), len(ghNames), buf.String())
	}
	for _, l := range lines {
		// One command per line: "::warning file=...,line=3,col=5::message";
		// no second "::" before the message, none of the property separators
		// from a name.
		props, _, ok := strings.Cut(strings.TrimPrefix(l, "::warning "), "::")
		if !strings.HasPrefix(l, "::warning file=") || !ok || !strings.HasSuffix(props, ",line=3,col=5") || strings.Count(props, ",") != 2 {
			t.Errorf("annotation %q: a name leaks into the command's properties", l)
		}
	}
}

func TestMarkdownGroupsByOrigin(t *testing.T) {
	p := emptyPlan()
	p.Changes = []plan.Change{
		{ID: "organization/Mine", Action: plan.Create, Kind: plan.KindOrganization, Name: "Mine", Origin: plan.OriginPR,
			Diffs: []plan.Diff{{Path: "name", After: js("Mine")}}},
		{ID: "organization/Drifted", Action: plan.Update, Kind: plan.KindOrganization, Name: "Drifted", LiveID: 3, Origin: plan.OriginBase,
			Diffs: []plan.Diff{{Path: "description", Before: js("by hand"), After: js("from git")}}},
		{ID: "organization/Gone", Action: plan.Delete, Kind: plan.KindOrganization, Name: "Gone", LiveID: 4, Origin: plan.OriginBase},
	}
	got := renderMD(t, p, MarkdownOptions{Hidden: []string{"glue-sync:digest sha256:abc"}, Settled: []string{"organization/Accepted"},
		Notes: []string{"note <b>one</b>"}})
	pr := strings.Index(got, "#### Changes from this pull request")
	base := strings.Index(got, "#### Already pending on the base branch")
	mine, drifted := strings.Index(got, "This pull request · Organization <code>Mine</code>"), strings.Index(got, "Pending on the base · Organization <code>Drifted</code>")
	if pr < 0 || base < 0 || mine < 0 || drifted < 0 || !(pr < mine && mine < base && base < drifted) {
		t.Errorf("groups missing or out of order (pr %d, mine %d, base %d, drifted %d):\n%s", pr, mine, base, drifted, got)
	}
	for _, w := range []string{
		"<!-- glue-sync:digest sha256:abc -->\n",
		"**From this pull request:** 1 to create. **Already pending on the base branch** (drift or unapplied): 1 to update, <b>1 to delete</b>.",
		"> - <code>organization &quot;Gone&quot;</code> (already pending on the base branch)",
		"#### Settled by this pull request", "<code>organization/Accepted</code>",
		"> note &lt;b&gt;one&lt;/b&gt;",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("comment lacks %q:\n%s", w, got)
		}
	}
	// Unlabelled plans keep the plain layout.
	for i := range p.Changes {
		p.Changes[i].Origin = ""
	}
	if got := renderMD(t, p, MarkdownOptions{}); strings.Contains(got, "pull request") {
		t.Errorf("an unlabelled plan mentions pull requests:\n%s", got)
	}
}

func TestMarkdownRefusesBadHiddenLine(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, emptyPlan(), MarkdownOptions{Hidden: []string{"x --> <script>"}}); err == nil {
		t.Error("a hidden line that ends the HTML comment was accepted")
	}
}

// TestLabelledPlanDegradesBySection: a pull request's plan too big for one
// comment steps its sections down one at a time, keeps the counts, the
// groups' headings, every deletion and the hidden digest, and links the
// run for the full plan.
func TestLabelledPlanDegradesBySection(t *testing.T) {
	p := bigPlan(400)
	for i := range p.Changes {
		p.Changes[i].Origin = plan.OriginPR
		if i%2 == 1 {
			p.Changes[i].Origin = plan.OriginBase
		}
	}
	opts := MarkdownOptions{Marker: "glue-sync:plan dir=examples/repo", Hidden: []string{"glue-sync:digest sha256:ab"},
		FullPlanURL: "https://github.example/acme/docs/actions/runs/42"}
	full := renderMD(t, p, MarkdownOptions{Marker: opts.Marker, Hidden: opts.Hidden, MaxBytes: 1 << 22})
	if len(full) <= DefaultMaxBytes {
		t.Fatalf("the fixture fits in a comment (%d bytes): it tests nothing", len(full))
	}
	got := renderMD(t, p, opts)
	if len(got) > DefaultMaxBytes {
		t.Fatalf("comment is %d bytes; GitHub takes %d", len(got), DefaultMaxBytes)
	}
	for _, w := range []string{"<!-- glue-sync:digest sha256:ab -->", "**From this pull request:**", "#### Changes from this pull request",
		"#### Already pending on the base branch", "[the full plan](https://github.example/acme/docs/actions/runs/42)", "> **40 objects will be deleted:**"} {
		if !strings.Contains(got, w) {
			t.Errorf("shortened comment lacks %q", w)
		}
	}
	if !strings.Contains(got, "(attribute names only)") && !strings.Contains(got, "(one line per change)") {
		t.Error("no section was stepped down: the comment went straight to counts")
	}
	if n := strings.Count(got, "> - <code>flexible-asset"); n != 40 {
		t.Errorf("%d deletions listed; want all 40", n)
	}
}

func TestTextShowsOrigins(t *testing.T) {
	got := renderText(t, ghPlan(), TextOptions{})
	if !strings.Contains(got, "[this pull request]") || !strings.Contains(got, "[already pending on the base branch]") {
		t.Errorf("text plan does not show origins:\n%.2000s", got)
	}
	if strings.Contains(renderText(t, fullPlan(), TextOptions{}), "pull request") {
		t.Error("an unlabelled text plan mentions pull requests")
	}
}
