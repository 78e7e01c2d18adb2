package apply

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// barLog records a bar's steps.
type barLog struct{ steps []string }

func (b *barLog) Step(done, total int, current string) {
	b.steps = append(b.steps, fmt.Sprintf("%d/%d %s", done, total, current))
}

// TestApplyBar: with a bar (a terminal), each change is announced before
// it runs and counted after; the per-change lines keep only what was not
// applied, so the failure stays on screen while applied changes only move
// the bar.
func TestApplyBar(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t)
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Source: plan.Source{Dir: t.TempDir()}, Changes: []plan.Change{
		{ID: "organization/Globex", Action: plan.Create, Kind: plan.KindOrganization, Name: "Globex",
			Write: &plan.Write{Attributes: map[string]json.RawMessage{"name": raw(`"Globex"`)}}},
		{ID: "organization/Gone", Action: plan.Update, Kind: plan.KindOrganization, Name: "Gone", LiveID: 999999,
			Write: &plan.Write{Attributes: map[string]json.RawMessage{"description": raw(`"x"`)}}},
	}}
	var progress bytes.Buffer
	bar := &barLog{}
	rep, err := Apply(ctx, ClientAPI(c), p, Options{Progress: &progress, Bar: bar})
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Counts(); got.Applied != 1 || got.Failed != 1 {
		t.Fatalf("counts = %v; want 1 applied, 1 failed", got)
	}
	want := []string{"0/2 + organization Globex", "1/2 ", "1/2 ~ organization Gone", "2/2 "}
	if diff := cmp.Diff(want, bar.steps); diff != "" {
		t.Errorf("bar steps (-want +got):\n%s", diff)
	}
	lines := strings.Split(strings.TrimSpace(progress.String()), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "[2/2] ~ organization Gone: failed") {
		t.Errorf("progress lines with a bar = %q; want only the failure", lines)
	}
}
