package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/plan"
)

func renderMD(t testing.TB, p *plan.Plan, opts MarkdownOptions) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Markdown(&buf, p, opts); err != nil {
		t.Fatalf("Markdown: %v", err)
	}
	return buf.String()
}

// levelSize is the size of p's comment with every section at one level.
func levelSize(t *testing.T, p *plan.Plan, opts MarkdownOptions, lvl mdLevel) int {
	t.Helper()
	d, err := newMDDoc(p, opts)
	if err != nil {
		t.Fatal(err)
	}
	lv := make([]mdLevel, len(d.sections))
	secs := make([]string, len(d.sections))
	for i := range lv {
		lv[i] = lvl
		secs[i] = d.sectionDetails(&d.sections[i], lvl)
	}
	top, bottom := d.fixedParts()
	s, _ := joinParts(d.layout(top, bottom, d.note(lv), secs), 1<<30)
	return len(s)
}

// limitFor is one byte less than p's comment with every section at
// lvl-1, so Markdown must step at least one section down to lvl.
func limitFor(t *testing.T, p *plan.Plan, opts MarkdownOptions, lvl mdLevel) int {
	return levelSize(t, p, opts, lvl-1) - 1
}

func TestMarkdownGolden(t *testing.T) {
	full := fullPlan()
	url := MarkdownOptions{FullPlanURL: "https://github.com/o/r/actions/runs/1"}
	withLimit := func(lvl mdLevel) MarkdownOptions {
		o := url
		o.MaxBytes = limitFor(t, full, url, lvl)
		return o
	}
	tests := []struct {
		name string
		plan *plan.Plan
		opts MarkdownOptions
	}{
		{"md-empty", emptyPlan(), MarkdownOptions{}},
		{"md-errors", errorPlan(), MarkdownOptions{}},
		{"md-full", full, MarkdownOptions{}},
		{"md-hostile", hostilePlan(), MarkdownOptions{Marker: "glue-sync plan dir=examples/repo", Title: "Plan <for> `repo`"}},
		{"md-level-names", full, withLimit(levelNames)},
		{"md-level-lines", full, withLimit(levelLines)},
		{"md-level-counts", full, withLimit(levelCounts)},
		{"md-level-counts-cut", bigPlan(300), MarkdownOptions{MaxBytes: 3000, FullPlanHint: "the plan-json artifact"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renderMD(t, tt.plan, tt.opts)
			checkStructure(t, got)
			if max := cmpOr(tt.opts.MaxBytes, DefaultMaxBytes); len(got) > max {
				t.Errorf("comment is %d bytes; limit %d", len(got), max)
			}
			golden(t, tt.name, got)
		})
	}
}

func cmpOr(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

// checkStructure fails unless the comment starts with its marker, every
// code fence is closed by a fence of the same length, and every <details>
// is closed outside code blocks.
func checkStructure(t *testing.T, md string) {
	t.Helper()
	if !strings.HasPrefix(md, "<!-- ") || !strings.Contains(strings.SplitN(md, "\n", 2)[0], " -->") {
		t.Errorf("first line is not a marker comment: %q", strings.SplitN(md, "\n", 2)[0])
	}
	open, details := "", 0
	for _, line := range strings.Split(md, "\n") {
		switch {
		case open != "":
			if line == open {
				open = ""
			}
		case strings.HasPrefix(line, "```"):
			open = strings.TrimRight(line, "diff")
		case strings.HasPrefix(line, "<details>"):
			details++
		case line == "</details>":
			details--
			if details < 0 {
				t.Fatalf("</details> without <details>")
			}
		}
	}
	if open != "" || details != 0 {
		t.Errorf("unbalanced comment: open fence %q, %d details left open", open, details)
	}
}

func TestMarkdownStepDown(t *testing.T) {
	full := fullPlan()
	typeLine := `+ flexible-asset-type "Backup Job"  (types/backup-job.yaml:1:1)  5 attributes`
	tests := []struct {
		name      string
		lvl       mdLevel
		want, not []string
	}{
		{"longest section to names only", levelNames, []string{
			"1 section shows which attributes change, without their values (marked in their titles)",
			"Organization <code>Acme Corp</code>: 2 to update, <b>1 to delete</b> (attribute names only)</summary>",
			"~     traits.Notes\n", "~     traits.Admin Password\n",
			`-     hint: "Free text"`, // a shorter section keeps its values
		}, []string{"Admin: it@", `description: "Customer"`}},
		{"then to one line per change", levelLines, []string{"1 section lists one line per change (marked in their titles)",
			"Flexible asset types and fields: 2 to create, 1 to update, <b>1 to delete</b> (one line per change)</summary>",
			typeLine}, []string{"fields.Provider", "Admin: it@"}},
		{"then counts per organization", levelCounts, []string{"counts per organization only", "#### Changes per organization",
			"| Organization <code>Acme Corp</code> | 0 | 2 | **1** |"}, []string{"<details>", "```"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			limit := limitFor(t, full, MarkdownOptions{}, tt.lvl)
			got := renderMD(t, full, MarkdownOptions{MaxBytes: limit})
			if len(got) > limit {
				t.Errorf("comment is %d bytes; limit %d", len(got), limit)
			}
			checkStructure(t, got)
			// Whatever the level: counts first, every deletion named.
			for _, w := range append(tt.want, "### glue-sync plan: 4 to create, 3 to update, 3 to delete",
				`> - <code>organization &quot;Old Corp&quot;</code>`, "Run <code>glue-sync plan</code> to see the full plan.") {
				if !strings.Contains(got, w) {
					t.Errorf("comment lacks %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("comment contains %q", n)
				}
			}
		})
	}
}

func TestMarkdownFullHasNoNote(t *testing.T) {
	got := renderMD(t, fullPlan(), MarkdownOptions{})
	for _, n := range []string{"[!NOTE]", "This comment was shortened"} {
		if strings.Contains(got, n) {
			t.Errorf("unshortened comment contains %q", n)
		}
	}
	for _, w := range []string{"-     traits.Seats: 40\n+     traits.Seats: 45\n", "~     traits.Admin Password: (sensitive value changed; set from $ACME_O365_PW at apply)",
		"<details><summary>Organization <code>Acme Corp</code>: 2 to update, <b>1 to delete</b></summary>", "> [!WARNING]\n> **3 objects will be deleted:**"} {
		if !strings.Contains(got, w) {
			t.Errorf("comment lacks %q", w)
		}
	}
	// Summary counts come before any section.
	if strings.Index(got, "| **Total** |") > strings.Index(got, "<details>") {
		t.Errorf("counts table is not before the sections")
	}
}

func TestMarkdownOptionErrors(t *testing.T) {
	tests := []struct {
		name    string
		opts    MarkdownOptions
		wantErr string
	}{
		{"marker closes comment", MarkdownOptions{Marker: "x --> <b>"}, "must not contain"},
		{"marker newline", MarkdownOptions{Marker: "a\nb"}, "must not contain"},
		{"javascript url", MarkdownOptions{FullPlanURL: "javascript:alert(1)"}, "not an http(s) URL"},
		{"too small", MarkdownOptions{MaxBytes: 100}, "does not fit in 100 bytes"},
		{"negative limit", MarkdownOptions{MaxBytes: -1}, "MaxBytes -1 must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Markdown(&buf, fullPlan(), tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %v; want it to contain %q", err, tt.wantErr)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes despite the error", buf.Len())
			}
		})
	}
}

func TestMarkdownEscapesHostileNames(t *testing.T) {
	got := renderMD(t, hostilePlan(), MarkdownOptions{})
	checkStructure(t, got)
	// Outside code blocks nothing user-controlled may be live Markdown/HTML.
	outside := stripCodeBlocks(got)
	for _, n := range []string{"<script>", "@everyone", "](https://evil", "*bold*", "_it_", "<!-- c", "\x1b", "\u202e", "T|`"} {
		if strings.Contains(outside, n) {
			t.Errorf("comment outside code blocks contains %q", n)
		}
	}
	if n := strings.Count(outside, "-->"); n != 1 {
		t.Errorf("comment outside code blocks has %d \"-->\"; want only the marker's", n)
	}
}

// stripCodeBlocks removes fenced code blocks, where text is literal.
func stripCodeBlocks(md string) string {
	var b strings.Builder
	open := ""
	for _, line := range strings.Split(md, "\n") {
		switch {
		case open != "":
			if line == open {
				open = ""
			}
		case strings.HasPrefix(line, "```"):
			open = strings.TrimRight(line, "diff")
		default:
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}
