package plan

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// goodPlan is a small plan as glue-sync plan writes it: a type, an
// organization, an asset create that refers to both, an update and a
// delete with guards, and a no-op.
func goodPlan() *Plan {
	return &Plan{
		FormatVersion: FormatVersion,
		Source:        Source{Dir: "repo"},
		Target:        Target{BaseURL: "https://api.itglue.com", Account: "sha256:0123"},
		Changes: []Change{
			{ID: "flexible-asset-type/Email", Action: Create, Kind: KindAssetType, AssetType: "Email", Name: "Email",
				Diffs: []Diff{{Path: "name", After: json.RawMessage(`"Email"`)}},
				Write: &Write{Attributes: map[string]json.RawMessage{"name": json.RawMessage(`"Email"`)}}},
			{ID: "organization/Acme", Action: Create, Kind: KindOrganization, Organization: "Acme", Name: "Acme",
				Write: &Write{Attributes: map[string]json.RawMessage{"name": json.RawMessage(`"Acme"`)}}},
			{ID: "flexible-asset/Acme/Email/Office 365", Action: Create, Kind: KindAsset, Organization: "Acme", AssetType: "Email",
				Name: "Office 365", DependsOn: []string{"flexible-asset-type/Email", "organization/Acme"},
				Diffs: []Diff{{Path: "traits.Admin Password", Sensitive: true}},
				Write: &Write{
					Refs:       map[string]Ref{"organization-id": {Change: "organization/Acme"}, "flexible-asset-type-id": {Change: "flexible-asset-type/Email"}},
					SendTraits: true,
					Secrets:    map[string]SecretSource{"admin-password": {Env: "ACME_O365_PW"}},
					Uploads:    map[string]UploadSource{"contract": {File: "files/acme/contract.pdf"}},
					FieldKeys:  map[string]FieldRef{"contract": {Change: "flexible-asset-type/Email", Name: "Contract"}},
				}},
			{ID: "organization/Contoso", Action: Update, Kind: KindOrganization, Organization: "Contoso", Name: "Contoso", LiveID: 12,
				Diffs: []Diff{{Path: "description", Before: json.RawMessage(`"a"`), After: json.RawMessage(`"b"`)}},
				Guard: &Guard{UpdatedAt: "2026-01-01T00:00:00Z", Hash: "sha256:aa"},
				Write: &Write{Attributes: map[string]json.RawMessage{"description": json.RawMessage(`"b"`)}}},
			{ID: "flexible-asset/Contoso/Email/Old", Action: Delete, Kind: KindAsset, Organization: "Contoso", AssetType: "Email",
				Name: "Old", LiveID: 77, Guard: &Guard{Hash: "sha256:bb"}},
			{ID: "organization/Fabrikam", Action: NoOp, Kind: KindOrganization, Name: "Fabrikam", LiveID: 13},
		},
	}
}

func TestCheckAcceptsWhatPlanWrites(t *testing.T) {
	kept := goodPlan()
	kept.Changes[3].Kind, kept.Changes[3].Write.SendTraits = KindAsset, true
	kept.Changes[3].Write.Secrets = map[string]SecretSource{"pw": {Keep: true, PasswordID: 5}, "pw2": {Keep: true, Env: "X_PW", PasswordID: 6}}
	if err := Check(kept, CheckOptions{}); err != nil {
		t.Errorf("Check(kept secrets on an update) = %v", err)
	}
	if err := Check(goodPlan(), CheckOptions{SecretEnv: func(string) error { return nil }}); err != nil {
		t.Fatalf("Check(good plan) = %v", err)
	}
}

// TestCheckRefusesTamperedPlans: every edit an attacker (or a broken
// tool) could make to a plan artifact that would make apply do something
// plan never proposed is refused, naming the change and the problem.
func TestCheckRefusesTamperedPlans(t *testing.T) {
	deny := func(name string) error {
		if name == "ITGLUE_API_KEY" || strings.HasPrefix(name, "GITHUB_") {
			return fmt.Errorf("%s is a CI or glue-sync variable", name)
		}
		return nil
	}
	asset := func(p *Plan) *Change { return &p.Changes[2] }
	tests := []struct {
		name   string
		tamper func(p *Plan)
		want   string
	}{
		{"delete without guard", func(p *Plan) { p.Changes[4].Guard = nil },
			`change 5 ("flexible-asset/Contoso/Email/Old"): a delete without a guard`},
		{"update with empty guard hash", func(p *Plan) { p.Changes[3].Guard = &Guard{UpdatedAt: "2026-01-01T00:00:00Z"} },
			`change 4 ("organization/Contoso"): an update without a guard`},
		{"delete without live id", func(p *Plan) { p.Changes[4].LiveID = 0 }, `a delete without a live_id`},
		{"create with live id", func(p *Plan) { p.Changes[1].LiveID = 5 }, `a create with a live_id (5)`},
		{"absolute upload", func(p *Plan) { asset(p).Write.Uploads["contract"] = UploadSource{File: "/proc/self/environ"} },
			`the Upload trait "contract": file "/proc/self/environ" is absolute`},
		{"upload leaving the repository", func(p *Plan) { asset(p).Write.Uploads["contract"] = UploadSource{File: "../../etc/passwd"} },
			`file "../../etc/passwd" leads outside the repository`},
		{"upload not clean", func(p *Plan) { asset(p).Write.Uploads["contract"] = UploadSource{File: "files/../../x"} },
			`is not a clean path`},
		{"upload from .git", func(p *Plan) { asset(p).Write.Uploads["contract"] = UploadSource{File: ".git/config"} },
			`goes through the hidden ".git"`},
		{"upload with backslash", func(p *Plan) { asset(p).Write.Uploads["contract"] = UploadSource{File: `..\..\x`} },
			`holds \ or a NUL byte`},
		{"upload windows drive", func(p *Plan) { asset(p).Write.Uploads["contract"] = UploadSource{File: "C:/Windows/win.ini"} },
			`is absolute`},
		{"upload empty", func(p *Plan) { asset(p).Write.Uploads["contract"] = UploadSource{} }, `names no file`},
		{"secret from the API key", func(p *Plan) { asset(p).Write.Secrets["admin-password"] = SecretSource{Env: "ITGLUE_API_KEY"} },
			`the Password trait "admin-password" reads ITGLUE_API_KEY: ITGLUE_API_KEY is a CI or glue-sync variable`},
		{"secret from GITHUB_TOKEN", func(p *Plan) { asset(p).Write.Secrets["admin-password"] = SecretSource{Env: "GITHUB_TOKEN"} },
			`reads GITHUB_TOKEN: GITHUB_TOKEN is a CI`},
		{"secret env not a name", func(p *Plan) { asset(p).Write.Secrets["admin-password"] = SecretSource{Env: "A=B"} },
			`reads "A=B", which is not an environment variable name`},
		{"kept secret on a create", func(p *Plan) {
			asset(p).Write.Secrets["admin-password"] = SecretSource{Keep: true, PasswordID: 99}
		}, `keeps a password, but a create has none to keep`},
		{"secret on an organization", func(p *Plan) {
			p.Changes[1].Write.Secrets = map[string]SecretSource{"x": {Env: "X"}}
		}, `only asset creates and updates send Password or Upload traits`},
		{"duplicated change id", func(p *Plan) { p.Changes = append(p.Changes, p.Changes[1]) },
			`change 7 ("organization/Acme"): the id is also change 2's`},
		{"missing id", func(p *Plan) { p.Changes[5].ID = "" }, `change 6 has no id`},
		{"depends on nothing", func(p *Plan) { asset(p).DependsOn = append(asset(p).DependsOn, "organization/Nowhere") },
			`depends_on names "organization/Nowhere", which is no earlier change`},
		{"depends on a later change", func(p *Plan) { p.Changes[0].DependsOn = []string{"organization/Acme"} },
			`change 1 ("flexible-asset-type/Email"): depends_on names "organization/Acme", which is no earlier change`},
		{"depends on itself", func(p *Plan) { p.Changes[1].DependsOn = []string{"organization/Acme"} }, `depends_on names itself`},
		{"ref to a later change", func(p *Plan) {
			p.Changes[1].Write.Refs = map[string]Ref{"parent-id": {Change: "flexible-asset/Acme/Email/Office 365"}}
		}, `refs.parent-id names "flexible-asset/Acme/Email/Office 365", which is no earlier change`},
		{"tag to nothing", func(p *Plan) { asset(p).Write.Tags = map[string][]Ref{"dc": {{ID: 3}, {Change: "x"}}} },
			`tags.dc names "x"`},
		{"field key to nothing", func(p *Plan) { asset(p).Write.FieldKeys["contract"] = FieldRef{Change: "y", Name: "Contract"} },
			`field_keys.contract names "y"`},
		{"unknown kind", func(p *Plan) { p.Changes[5].Kind = "password" }, `unknown kind "password"`},
		{"no-op that writes", func(p *Plan) { p.Changes[5].Write = &Write{} }, `a no-op with a write`},
		{"sensitive diff with a value", func(p *Plan) { asset(p).Diffs[0].After = json.RawMessage(`"hunter2"`) },
			`sensitive diff traits.Admin Password carries a value`},
		{"no base url", func(p *Plan) { p.Target.BaseURL = "" }, `names no target.base_url`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := goodPlan()
			tt.tamper(p)
			err := Check(p, CheckOptions{SecretEnv: deny})
			var ce *CheckError
			if !errors.As(err, &ce) {
				t.Fatalf("Check() = %v; want a *CheckError", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Check() = %v\nwant it to contain %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), "nothing was applied; make a new plan with glue-sync plan --out FILE") {
				t.Errorf("Check() = %v\nwant it to say what to do", err)
			}
		})
	}
}

func TestCheckStopsAfterTwentyProblems(t *testing.T) {
	p := goodPlan()
	for i := 0; i < 50; i++ {
		p.Changes = append(p.Changes, Change{ID: "organization/Acme", Action: NoOp, Kind: KindOrganization})
	}
	var ce *CheckError
	if err := Check(p, CheckOptions{}); !errors.As(err, &ce) || len(ce.Problems) != maxCheckErrors+1 {
		t.Fatalf("Check() = %v; want %d problems and a stop line", err, maxCheckErrors)
	}
}

func TestDecodeRefusesOversizeAndTrailing(t *testing.T) {
	if _, err := Decode(strings.NewReader(`{"format_version":"1.2","changes":[]} {"format_version":"1.2"}`)); err == nil ||
		!strings.Contains(err.Error(), "more follows the plan") {
		t.Errorf("Decode(two plans) = %v; want refused", err)
	}
	big := `{"format_version":"1.2","changes":[],"source":{"dir":"` + strings.Repeat("a", 2000) + `"}}`
	if _, err := decode(strings.NewReader(big), 1024); err == nil || !strings.Contains(err.Error(), "larger than 1024 bytes") {
		t.Errorf("decode(oversize) = %v; want refused by size", err)
	}
	if _, err := decode(strings.NewReader(big), 4096); err != nil {
		t.Errorf("decode(under the limit) = %v", err)
	}
	if got := sizeOf(MaxFileBytes); got != "256 MiB" {
		t.Errorf("sizeOf(MaxFileBytes) = %q", got)
	}
}

func TestAccountID(t *testing.T) {
	a := AccountID("https://api.itglue.com/", []int64{3, 1, 2}, []int64{9})
	if b := AccountID("https://api.itglue.com", []int64{1, 2, 3}, []int64{9}); a != b {
		t.Errorf("AccountID depends on order or a trailing /: %s != %s", a, b)
	}
	for _, other := range []string{
		AccountID("https://api.eu.itglue.com", []int64{1, 2, 3}, []int64{9}),
		AccountID("https://api.itglue.com", []int64{1, 2, 4}, []int64{9}),
		AccountID("https://api.itglue.com", []int64{1, 2}, []int64{3, 9}),
	} {
		if other == a {
			t.Errorf("two accounts share the fingerprint %s", a)
		}
	}
	if !strings.HasPrefix(a, "sha256:") || len(a) != len("sha256:")+32 {
		t.Errorf("AccountID = %q; want sha256: and 32 hex digits", a)
	}
}
