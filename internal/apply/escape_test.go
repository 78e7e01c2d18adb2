package apply

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestProgressAndReportEscapeNames checks that names from the repository
// or the API reach stderr with control characters escaped: an OSC title
// sequence, a screen clear or a line break in a name must not act on the
// terminal or forge a line in a CI log.
func TestProgressAndReportEscapeNames(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t)
	hostile := "Evil\x1b]0;owned\x07\x1b[2J\n::error::forged"
	quoted, _ := json.Marshal(hostile)
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Source: plan.Source{Dir: t.TempDir()}, Changes: []plan.Change{
		{ID: "organization/" + hostile, Action: plan.Create, Kind: plan.KindOrganization, Name: hostile,
			Write: &plan.Write{Attributes: map[string]json.RawMessage{"name": json.RawMessage(quoted)}}},
		{ID: "organization/" + hostile + "2", Action: plan.Update, Kind: plan.KindOrganization, Name: hostile + "2", LiveID: 999999,
			Write: &plan.Write{Attributes: map[string]json.RawMessage{"description": raw(`"x"`)}}},
	}}
	var progress, report bytes.Buffer
	rep, err := Apply(ctx, ClientAPI(c), p, Options{Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteText(&report); err != nil {
		t.Fatal(err)
	}
	if rep.Counts().Applied != 1 || rep.Counts().Applied+rep.Counts().Failed+rep.Counts().Stale+rep.Counts().Skipped != 2 {
		t.Fatalf("counts = %v; want the create applied and the update not\nprogress:\n%s", rep.Counts(), progress.String())
	}
	for name, out := range map[string]string{"progress": progress.String(), "report": report.String()} {
		if strings.ContainsAny(out, "\x1b\x07") {
			t.Errorf("%s holds a raw escape sequence:\n%q", name, out)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "::") {
				t.Errorf("%s line %q starts a CI command", name, line)
			}
		}
		if !strings.Contains(out, `Evil\x1b]0;owned\a\x1b[2J\n::error::forged`) {
			t.Errorf("%s does not show the name escaped:\n%s", name, out)
		}
	}
}
