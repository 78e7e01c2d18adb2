package render

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/plan"
)

func TestMarkdown5000ChangesFitOneComment(t *testing.T) {
	p := bigPlan(5000)
	got := renderMD(t, p, MarkdownOptions{})
	if len(got) > DefaultMaxBytes {
		t.Fatalf("comment is %d bytes; GitHub allows %d", len(got), DefaultMaxBytes)
	}
	checkStructure(t, got)
	t.Logf("5,000 changes: comment of %d bytes", len(got))
	c := p.Count()
	heading := "### glue-sync plan: " + strconv.Itoa(c.Create) + " to create, " + strconv.Itoa(c.Update) +
		" to update, " + strconv.Itoa(c.Delete) + " to delete\n"
	if !strings.Contains(got, heading) {
		t.Errorf("comment lacks heading %q", heading)
	}
	if c.Delete != 500 {
		t.Fatalf("fixture has %d deletes; want 500", c.Delete)
	}
	for _, ch := range p.Changes {
		if ch.Action == plan.Delete && !strings.Contains(got, mdCode(address(&ch))) {
			t.Errorf("deletion %s is not named", ch.ID)
		}
	}
	if !strings.Contains(got, "shortened to fit: it shows counts per organization only") {
		t.Errorf("comment does not say it was shortened")
	}
	rows := regexp.MustCompile(`(?m)^\| Organization <code>Customer \d\d</code> \| \d+ \| \d+ \| \*\*10\*\* \|$`).FindAllString(got, -1)
	if len(rows) != 50 {
		t.Errorf("counts table has %d organization rows with 10 deletes; want 50", len(rows))
	}
}

// When even the deletion list does not fit, it is cut to a prefix and
// says how many more there are; the comment still fits.
func TestMarkdownCutsListsAtCountsLevel(t *testing.T) {
	p := bigPlan(300)
	got := renderMD(t, p, MarkdownOptions{MaxBytes: 3000})
	if len(got) > 3000 {
		t.Fatalf("comment is %d bytes; limit 3000", len(got))
	}
	checkStructure(t, got)
	m := regexp.MustCompile(`> - … and (\d+) more deletions, listed in the full plan`).FindStringSubmatch(got)
	if m == nil {
		t.Fatalf("no cut-list marker for deletions in:\n%s", got)
	}
	shown := strings.Count(got, "> - <code>")
	if n, _ := strconv.Atoi(m[1]); shown+n != 30 {
		t.Errorf("%d deletions shown + %d more = %d; want 30", shown, n, shown+n)
	}
}
