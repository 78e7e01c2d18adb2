package reconcile

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// TestTraitDrift changes one trait of the live asset (or of the repo) per
// field kind and checks that the plan shows exactly that difference.
func TestTraitDrift(t *testing.T) {
	// set and unset change a trait of the live Web asset.
	set := func(l *Live, key string, v json.RawMessage) { a := &l.Assets[200][0]; a.Traits = a.Traits.With(key, v) }
	unset := func(l *Live, key string) { a := &l.Assets[200][0]; a.Traits = a.Traits.Without(key) }
	want := func(d *spec.DesiredState, field string) *spec.TraitValue { return d.Assets[1].Traits.Get(field) }
	tests := []struct {
		name   string
		change func(d *spec.DesiredState, l *Live)
		opts   func(o *Options)
		diffs  []plan.Diff
	}{
		{"text edited in the account", func(d *spec.DesiredState, l *Live) { set(l, "notes", raw(`"line one"`)) },
			nil, []plan.Diff{{Path: "traits.Notes", Before: raw(`"line one"`), After: raw(`"line one\nline two\n"`)}}},
		{"select option changed", func(d *spec.DesiredState, l *Live) { set(l, "tier", raw(`"Silver"`)) },
			nil, []plan.Diff{{Path: "traits.Tier", Before: raw(`"Silver"`), After: raw(`"Gold"`)}}},
		{"date changed", func(d *spec.DesiredState, l *Live) { want(d, "Since").Text = "2025-01-02" },
			nil, []plan.Diff{{Path: "traits.Since", Before: raw(`"2024-03-31"`), After: raw(`"2025-01-02"`)}}},
		{"number changed", func(d *spec.DesiredState, l *Live) { set(l, "seats", raw(`26`)) },
			nil, []plan.Diff{{Path: "traits.Seats", Before: raw(`26`), After: raw(`25`)}}},
		{"percent written as a string, other value", func(d *spec.DesiredState, l *Live) { set(l, "uptime", raw(`"98"`)) },
			nil, []plan.Diff{{Path: "traits.Uptime", Before: raw(`98`), After: raw(`99.5`)}}},
		{"checkbox ticked in the account", func(d *spec.DesiredState, l *Live) { set(l, "managed", raw(`true`)) },
			nil, []plan.Diff{{Path: "traits.Managed", Before: raw(`true`), After: raw(`false`)}}},
		{"tag points elsewhere", func(d *spec.DesiredState, l *Live) {
			set(l, "servers", raw(`{"type":"Configurations","values":[{"id":458,"name":"mail-02"}]}`))
		}, nil, []plan.Diff{{Path: "traits.Servers", Before: raw(`["mail-02"]`), After: raw(`["mail-01"]`)}}},
		{"tag added in the repo", func(d *spec.DesiredState, l *Live) {
			want(d, "Servers").SetTags(append(want(d, "Servers").Tags(), spec.TagRef{Kind: "Configurations", Name: "mail-02", Organization: "Acme"}))
		}, nil, []plan.Diff{{Path: "traits.Servers", Before: raw(`["mail-01"]`), After: raw(`["mail-01","mail-02"]`)}}},
		{"text cleared in the repo", func(d *spec.DesiredState, l *Live) { want(d, "Notes").Null = true },
			nil, []plan.Diff{{Path: "traits.Notes", Before: raw(`"line one\r\nline two"`)}}},
		{"upload replaced by another file", func(d *spec.DesiredState, l *Live) {
			want(d, "Diagram").SetUpload(&spec.UploadRef{File: "files/v2.svg"})
		},
			nil, []plan.Diff{{Path: "traits.Diagram", Before: raw(`"arch.svg"`), After: raw(`"v2.svg"`)}}},
		{"upload of the same name, another size", func(d *spec.DesiredState, l *Live) {}, func(o *Options) {
			o.FileSize = func(p string) (int64, bool) { return 1300, p == "files/arch.svg" }
		}, []plan.Diff{{Path: "traits.Diagram", Before: raw(`"arch.svg (1200 bytes)"`), After: raw(`"arch.svg (1300 bytes)"`)}}},
		{"password empty in the account", func(d *spec.DesiredState, l *Live) { unset(l, "admin-password") },
			nil, []plan.Diff{{Path: "traits.Admin Password", Sensitive: true}}},
		{"password rotation asked for", func(d *spec.DesiredState, l *Live) {}, func(o *Options) { o.RotateSecrets = true },
			[]plan.Diff{{Path: "traits.Admin Password", Sensitive: true}}},
		{"password cleared in the repo", func(d *spec.DesiredState, l *Live) { want(d, "Admin Password").Null = true },
			nil, []plan.Diff{{Path: "traits.Admin Password", Sensitive: true}}},
		{"archived in the repo", func(d *spec.DesiredState, l *Live) { d.Assets[1].Archived = ptr(true) },
			nil, []plan.Diff{{Path: "archived", Before: raw(`false`), After: raw(`true`)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, l := fixture()
			tt.change(d, l)
			o := opts()
			if tt.opts != nil {
				tt.opts(&o)
			}
			p := compute(t, d, l, o)
			noErrors(t, p)
			ch := changeByID(t, p, webID)
			if ch.Action != plan.Update {
				t.Fatalf("action = %s; want update (changes: %v)", ch.Action, changeIDs(p))
			}
			if diff := cmp.Diff(tt.diffs, ch.Diffs); diff != "" {
				t.Errorf("diffs (-want +got):\n%s", diff)
			}
			if got := p.Count().Total(); got != 1 {
				t.Errorf("changes = %v; want only the asset update", changeIDs(p))
			}
			if ch.Guard == nil || ch.Guard.Hash == "" || ch.Guard.UpdatedAt == "" {
				t.Errorf("update has no guard: %+v", ch.Guard)
			}
		})
	}
}

// TestUpdateSendsFullTraitSet: an update carries every live trait the repo
// does not state, in write shape, so nothing unmanaged is lost.
func TestUpdateSendsFullTraitSet(t *testing.T) {
	d, l := fixture()
	web := d.Assets[1]
	web.Traits.Delete("Notes")   // unmanaged from now on
	web.Traits.Delete("Servers") // an unmanaged Tag trait
	web.Traits.Get("Seats").Text = "30"
	p := compute(t, d, l, opts())
	noErrors(t, p)
	w := changeByID(t, p, webID).Write
	if !w.SendTraits {
		t.Fatal("SendTraits = false; an update that changes a trait must send the full set")
	}
	wantTraits := map[string]json.RawMessage{
		"title": raw(`"Web"`), "notes": raw(`"line one\r\nline two"`), "tier": raw(`"Gold"`), "since": raw(`"2024-03-31"`),
		"seats": raw(`30`), "uptime": raw(`99.5`), "managed": raw(`false`),
	}
	if diff := cmp.Diff(wantTraits, w.Traits); diff != "" {
		t.Errorf("traits (-want +got):\n%s", diff)
	}
	wantTags := map[string][]plan.Ref{"servers": {{ID: 457}}, "related": {{ID: 1000}}}
	if diff := cmp.Diff(wantTags, w.Tags); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]plan.UploadSource{"diagram": {File: "files/arch.svg"}}, w.Uploads); diff != "" {
		t.Errorf("uploads (-want +got):\n%s", diff)
	}
	// The live password is kept, never sent back as the id it reads as
	// (IT Glue might store "9001" as the password): apply sends WEB_PW's
	// value, or the secret read through the passwords API.
	wantSecrets := map[string]plan.SecretSource{"admin-password": {Env: "WEB_PW", Keep: true, PasswordID: 9001, Field: "Admin Password"}}
	if diff := cmp.Diff(wantSecrets, w.Secrets); diff != "" {
		t.Errorf("secrets (-want +got):\n%s", diff)
	}
}

// TestUnstatedPasswordIsKeptNotEchoed: a Password trait the repository does
// not state is kept too, with no variable to send: apply must read it
// through the passwords API (or refuse), never send its id back.
func TestUnstatedPasswordIsKeptNotEchoed(t *testing.T) {
	d, l := fixture()
	web := d.Assets[1]
	web.Traits.Delete("Admin Password")
	web.Traits.Get("Seats").Text = "30"
	p := compute(t, d, l, opts())
	noErrors(t, p)
	w := changeByID(t, p, webID).Write
	if _, ok := w.Traits["admin-password"]; ok {
		t.Errorf("traits carry admin-password = %s; a kept password must never be sent as its id", w.Traits["admin-password"])
	}
	want := map[string]plan.SecretSource{"admin-password": {Keep: true, PasswordID: 9001, Field: "Admin Password"}}
	if diff := cmp.Diff(want, w.Secrets); diff != "" {
		t.Errorf("secrets (-want +got):\n%s", diff)
	}
}

func TestArchiveOnlyLeavesTraitsAlone(t *testing.T) {
	d, l := fixture()
	d.Assets[1].Archived = ptr(true)
	p := compute(t, d, l, opts())
	w := changeByID(t, p, webID).Write
	if w.SendTraits || w.Traits != nil || w.Tags != nil {
		t.Errorf("write = %+v; an archive-only update must not send traits", w)
	}
	if string(w.Attributes["archived"]) != "true" {
		t.Errorf("attributes = %v; want archived true", w.Attributes)
	}
}

func TestUnmanagedUploadBlocksTraitUpdate(t *testing.T) {
	d, l := fixture()
	d.Assets[1].Traits.Delete("Diagram")
	d.Assets[1].Traits.Get("Seats").Text = "30"
	p := compute(t, d, l, opts())
	if !p.HasErrors() {
		t.Fatalf("no error; want the update refused because it would erase the unmanaged upload")
	}
	if got := p.Diagnostics[0]; got.Source() != "repo.yaml:40:1" || !contains(got.Message, `"Diagram"`) {
		t.Errorf("diagnostic = %+v; want it at the asset, naming the Diagram field", got)
	}
}

func TestPasswordNeedsItsVariableOnlyWhenSet(t *testing.T) {
	d, l := fixture()
	p := compute(t, d, l, Options{}) // WEB_PW unset, but the live password is kept
	noErrors(t, p)
	l.Assets[200][0].Traits = l.Assets[200][0].Traits.Without("admin-password")
	p = compute(t, d, l, Options{})
	if !p.HasErrors() || !contains(p.Diagnostics[0].Message, "WEB_PW is not set") || p.Diagnostics[0].Source() != "repo.yaml:50:1" {
		t.Errorf("diagnostics = %+v; want WEB_PW not set, at the trait's value", p.Diagnostics)
	}
}

// TestPasswordSetAtApply: with SecretsAtApply (a pull request's plan) an
// unset variable is no error: the trait is planned, naming the variable.
func TestPasswordSetAtApply(t *testing.T) {
	d, l := fixture()
	l.Assets[200][0].Traits = l.Assets[200][0].Traits.Without("admin-password")
	p := compute(t, d, l, Options{SecretsAtApply: true})
	noErrors(t, p)
	var found bool
	for _, ch := range p.Changes {
		if ch.Write != nil {
			for _, src := range ch.Write.Secrets {
				found = found || src.Env == "WEB_PW"
			}
		}
	}
	if !found {
		t.Errorf("no change sets the password from WEB_PW")
	}
}
