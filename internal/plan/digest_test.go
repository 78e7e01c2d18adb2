package plan

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func digestPlan() *Plan {
	return &Plan{Changes: []Change{
		{ID: "organization/Acme", Action: Update, Kind: KindOrganization, Name: "Acme", LiveID: 3, Source: "orgs.yaml:1:1",
			Diffs: []Diff{{Path: "description", Before: json.RawMessage(`"a"`), After: json.RawMessage(`"b"`)}},
			Guard: &Guard{UpdatedAt: "2026-01-01T00:00:00Z", Hash: "h1"},
			Write: &Write{Attributes: map[string]json.RawMessage{"description": json.RawMessage(`"b"`)}}},
		{ID: "organization/Other", Action: NoOp, Kind: KindOrganization, Name: "Other"},
	}}
}

func TestDigest(t *testing.T) {
	base := digestPlan().Digest()
	tests := []struct {
		name   string
		edit   func(p *Plan)
		differ bool
	}{
		{"source line moved", func(p *Plan) { p.Changes[0].Source = "orgs.yaml:9:1" }, false},
		{"guard (timestamps) differ", func(p *Plan) { p.Changes[0].Guard = &Guard{UpdatedAt: "2027-01-01T00:00:00Z", Hash: "h2"} }, false},
		{"origin label", func(p *Plan) { p.Changes[0].Origin = OriginPR }, false},
		{"reason", func(p *Plan) { p.Changes[0].Reason = "why" }, false},
		{"a no-op added", func(p *Plan) { p.Changes = append(p.Changes, Change{ID: "x", Action: NoOp}) }, false},
		{"before value differs", func(p *Plan) { p.Changes[0].Diffs[0].Before = json.RawMessage(`"z"`) }, true},
		{"after value differs", func(p *Plan) { p.Changes[0].Diffs[0].After = json.RawMessage(`"z"`) }, true},
		{"write differs", func(p *Plan) {
			p.Changes[0].Write.Attributes["description"] = json.RawMessage(`"c"`)
		}, true},
		{"action differs", func(p *Plan) { p.Changes[0].Action = Delete }, true},
		{"another change", func(p *Plan) {
			p.Changes = append(p.Changes, Change{ID: "organization/New", Action: Create, Kind: KindOrganization})
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := digestPlan()
			tt.edit(p)
			if got := p.Digest() != base; got != tt.differ {
				t.Errorf("digest changed = %v; want %v", got, tt.differ)
			}
		})
	}
}

func TestDigestSurvivesFile(t *testing.T) {
	p := digestPlan()
	var buf bytes.Buffer
	if err := Encode(&buf, p); err != nil {
		t.Fatal(err)
	}
	back, err := Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if back.Digest() != p.Digest() {
		t.Errorf("digest after a file round trip = %s; want %s", back.Digest(), p.Digest())
	}
}

func TestLabelOrigins(t *testing.T) {
	upd := func(id, before, after string) Change {
		return Change{ID: id, Action: Update, Kind: KindOrganization,
			Diffs: []Diff{{Path: "description", Before: json.RawMessage(before), After: json.RawMessage(after)}}}
	}
	base := &Plan{Changes: []Change{
		upd("organization/Drifted", `"x"`, `"a"`),  // drift, untouched by the PR
		upd("organization/Both", `"x"`, `"a"`),     // drift the PR edits further
		upd("organization/Accepted", `"x"`, `"a"`), // drift the PR accepts
	}}
	head := &Plan{Changes: []Change{
		upd("organization/Drifted", `"x"`, `"a"`),
		upd("organization/Both", `"x"`, `"b"`),
		{ID: "organization/New", Action: Create, Kind: KindOrganization},
		{ID: "organization/Accepted", Action: NoOp, Kind: KindOrganization},
	}}
	settled := LabelOrigins(head, base)
	got := map[string]Origin{}
	for _, ch := range head.Changes {
		got[ch.ID] = ch.Origin
	}
	want := map[string]Origin{"organization/Drifted": OriginBase, "organization/Both": OriginPR,
		"organization/New": OriginPR, "organization/Accepted": ""}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("origins (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"organization/Accepted"}, settled); d != "" {
		t.Errorf("settled (-want +got):\n%s", d)
	}
}
