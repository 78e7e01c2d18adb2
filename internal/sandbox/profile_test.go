package sandbox_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// profileAccount is the test account served in profile p.
func profileAccount(t *testing.T, p sandbox.Profile, opts ...func(*sandbox.Options)) *api {
	t.Helper()
	a := newAPI(t, append([]func(*sandbox.Options){func(o *sandbox.Options) { o.Profile = p }}, opts...)...)
	seed, err := os.ReadFile("testdata/test-account.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a.sb.Seed(t, string(seed))
	return a
}

// byProfile runs f once per profile, as subtests named after it.
func byProfile(t *testing.T, f func(t *testing.T, p sandbox.Profile)) {
	for _, p := range sandbox.Profiles() {
		t.Run(p.String(), func(t *testing.T) { f(t, p) })
	}
}

func pess(p sandbox.Profile) bool { return p == sandbox.ProfilePessimistic }

func TestParseProfile(t *testing.T) {
	for _, p := range sandbox.Profiles() {
		got, err := sandbox.ParseProfile(p.String())
		if err != nil || got != p {
			t.Errorf("ParseProfile(%q) = %v, %v", p.String(), got, err)
		}
	}
	if _, err := sandbox.ParseProfile("optimistic"); err == nil || !strings.Contains(err.Error(), "default or pessimistic") {
		t.Errorf("ParseProfile(optimistic) error = %v; want one naming the profiles", err)
	}
	if _, err := sandbox.New(sandbox.Options{APIKey: "k", Profile: 7}); err == nil {
		t.Error("New accepted an unknown profile")
	}
}

// P1: a Password trait written back as the number GET returned.
func TestProfilePasswordIDWriteBack(t *testing.T) {
	byProfile(t, func(t *testing.T, p sandbox.Profile) {
		a := profileAccount(t, p)
		got := a.do("GET", "/flexible_assets/102", nil).must(t, 200)
		idText := got.str("data.attributes.traits.admin-password")
		id, _ := json.Number(idText).Int64()
		if v, ok := a.sb.Server.StoredPassword(id); !ok || v != "s3cret" {
			t.Fatalf("seeded password %d = %q, %v; want s3cret", id, v, ok)
		}
		num := json.Number(idText)
		a.do("PATCH", "/flexible_assets/102", obj("flexible_assets", map[string]any{
			"traits": map[string]any{"hostname": "mail-01", "admin-password": num}})).must(t, 200)
		want := "s3cret"
		if pess(p) {
			want = idText // the id became the password
		}
		if v, _ := a.sb.Server.StoredPassword(id); v != want {
			t.Errorf("after writing back %s, the stored password is %q; want %q", idText, v, want)
		}
		show := a.do("GET", "/passwords/"+idText+"?show_password=true", nil).must(t, 200)
		if got := show.str("data.attributes.password"); got != want {
			t.Errorf("show_password=true gave %q; want %q", got, want)
		}
		if plain := a.do("GET", "/passwords/"+idText, nil).must(t, 200); plain.get("data.attributes.password") != nil {
			t.Errorf("a show without show_password=true revealed the value: %s", plain.short())
		}
	})
}

func TestShowPasswordNeedsPasswordAccess(t *testing.T) {
	a := profileAccount(t, sandbox.ProfilePessimistic, func(o *sandbox.Options) { o.NoPasswordAccess = true })
	r := a.do("GET", "/passwords/700?show_password=true", nil)
	if r.status != http.StatusForbidden || !strings.Contains(r.errorText(), "Password Access") {
		t.Errorf("show_password without Password Access: %d %s; want 403 naming Password Access", r.status, r.short())
	}
	if v, ok := a.sb.Server.StoredPassword(700); !ok || v != "never-read-back" {
		t.Errorf("StoredPassword(700) = %q, %v", v, ok)
	}
}

// P2: unknown or differently spelled filters.
func TestProfileFilterSpelling(t *testing.T) {
	cases := []struct {
		name, path  string
		defaultWant []string // nil: a 400
		pessWant    []string
	}{
		{"targets kebab", "/configurations?filter[organization-id]=3", []string{}, []string{"457", "676"}},
		{"targets snake", "/configurations?filter[organization_id]=2", []string{"457", "676"}, []string{"457", "676"}},
		{"targets unknown", "/domains?filter[org]=2", nil, []string{"789", "790", "791"}},
		{"orgs kebab type", "/organizations?filter[organization-type-id]=999", []string{}, []string{"2", "3", "4"}},
		{"orgs snake type", "/organizations?filter[organization_status_id]=999", []string{}, []string{}},
		{"orgs unknown", "/organizations?filter[colour]=red", nil, []string{"2", "3", "4"}},
		{"assets kebab", "/flexible_assets?filter[flexible-asset-type-id]=33&filter[organization-id]=3", []string{"101"}, []string{"101"}},
		{"assets snake org", "/flexible_assets?filter[flexible-asset-type-id]=33&filter[organization_id]=3", []string{"101"}, []string{"100", "101"}},
		{"types unknown", "/flexible_asset_types?filter[kind]=x", nil, []string{"33", "40"}},
	}
	byProfile(t, func(t *testing.T, p sandbox.Profile) {
		a := profileAccount(t, p)
		for _, tc := range cases {
			want := tc.defaultWant
			if pess(p) {
				want = tc.pessWant
			}
			r := a.do("GET", tc.path, nil)
			if want == nil {
				if r.status != 400 {
					t.Errorf("%s: status %d; want 400", tc.name, r.status)
				}
				continue
			}
			r.must(t, 200)
			got := []string{}
			for i := range r.list() {
				got = append(got, r.str("data."+itoa(i)+".id"))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: ids (-want +got):\n%s", tc.name, diff)
			}
		}
	})
}

// P3: a bulk field PATCH that swaps two orders.
func TestProfileBulkFieldOrderSwap(t *testing.T) {
	byProfile(t, func(t *testing.T, p sandbox.Profile) {
		a := profileAccount(t, p)
		fields := a.do("GET", "/flexible_asset_types/33/relationships/flexible_asset_fields", nil).must(t, 200)
		id0, id1 := fields.str("data.0.id"), fields.str("data.1.id")
		o0, o1 := fields.str("data.0.attributes.order"), fields.str("data.1.attributes.order")
		swap := many("flexible_asset_fields",
			map[string]any{"id": id0, "order": json.Number(o1)}, map[string]any{"id": id1, "order": json.Number(o0)})
		before := a.snapshot()
		r := a.do("PATCH", "/flexible_asset_fields", swap)
		if !pess(p) {
			r.must(t, 200)
			return
		}
		if r.status != 422 || !strings.Contains(r.errorText(), "already been taken") {
			t.Fatalf("swap in one bulk request: %d %s; want 422 for the transient duplicate", r.status, r.short())
		}
		if a.snapshot() != before {
			t.Error("the refused bulk update changed the account")
		}
		// Through a free order first, item by item, it works.
		free := many("flexible_asset_fields",
			map[string]any{"id": id0, "order": 1000}, map[string]any{"id": id1, "order": json.Number(o0)},
			map[string]any{"id": id0, "order": json.Number(o1)})
		// A repeated id is refused in a bulk update; use two requests.
		first := map[string]any{"data": free["data"].([]any)[:2]}
		a.do("PATCH", "/flexible_asset_fields", first).must(t, 200)
		a.do("PATCH", "/flexible_asset_fields", map[string]any{"data": free["data"].([]any)[2:]}).must(t, 200)
		after := a.do("GET", "/flexible_asset_fields/"+id0, nil).must(t, 200)
		if got := after.str("data.attributes.order"); got != o1 {
			t.Errorf("field %s order %s; want %s", id0, got, o1)
		}
	})
}

// P4 and P5: the type index without included, and without enabled.
func TestProfileTypeIndex(t *testing.T) {
	byProfile(t, func(t *testing.T, p sandbox.Profile) {
		a := profileAccount(t, p)
		idx := a.do("GET", "/flexible_asset_types?include=flexible_asset_fields", nil).must(t, 200)
		if n := len(idx.get("data.0.relationships.flexible-asset-fields.data").([]any)); n != 6 {
			t.Errorf("index linkage lists %d fields; want 6", n)
		}
		inc, _ := idx.doc["included"].([]any)
		if pess(p) != (len(inc) == 0) {
			t.Errorf("index included %d fields in profile %s", len(inc), p)
		}
		show := a.do("GET", "/flexible_asset_types/40?include=flexible_asset_fields", nil).must(t, 200)
		if inc, _ := show.doc["included"].([]any); len(inc) != 15 {
			t.Errorf("show included %d fields; want 15 in every profile", len(inc))
		}
		_, has := show.get("data.attributes").(map[string]any)["enabled"]
		if has == pess(p) {
			t.Errorf("profile %s: enabled present = %v", p, has)
		}
		if !pess(p) && show.str("data.attributes.enabled") != "false" {
			t.Errorf("enabled = %s; want false", show.str("data.attributes.enabled"))
		}
	})
}

// P6: parent-id on organization create.
func TestProfileOrgParentOnCreate(t *testing.T) {
	byProfile(t, func(t *testing.T, p sandbox.Profile) {
		a := profileAccount(t, p)
		r := a.do("POST", "/organizations", obj("organizations", map[string]any{"name": "Child", "parent-id": 2})).must(t, 201)
		wantParent := "2"
		if pess(p) {
			wantParent = "<nil>"
		}
		if got := r.str("data.attributes.parent-id"); got != wantParent {
			t.Errorf("parent-id after create = %s; want %s", got, wantParent)
		}
		id := r.str("data.id")
		u := a.do("PATCH", "/organizations/"+id, obj("organizations", map[string]any{"parent_id": 2})).must(t, 200)
		if got := u.str("data.attributes.parent-id"); got != "2" {
			t.Errorf("parent-id after PATCH = %s; want 2 in every profile", got)
		}
	})
}

// P7: bulk creates answer in another order than the request's.
func TestProfileBulkCreateOrder(t *testing.T) {
	byProfile(t, func(t *testing.T, p sandbox.Profile) {
		a := profileAccount(t, p)
		r := a.do("POST", "/organizations/2/relationships/flexible_assets", many("flexible_assets",
			map[string]any{"flexible-asset-type-id": 40, "traits": map[string]any{"hostname": "first"}},
			map[string]any{"flexible-asset-type-id": 40, "traits": map[string]any{"hostname": "second"}},
			map[string]any{"flexible-asset-type-id": 40, "traits": map[string]any{"hostname": "third"}})).must(t, 201)
		got := []string{r.str("data.0.attributes.name"), r.str("data.1.attributes.name"), r.str("data.2.attributes.name")}
		want := []string{"first", "second", "third"}
		if pess(p) {
			want = []string{"third", "second", "first"}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("asset create answer order (-want +got):\n%s", diff)
		}
		f := a.do("POST", "/flexible_asset_types/40/relationships/flexible_asset_fields", many("flexible_asset_fields",
			map[string]any{"name": "A", "kind": "Text"}, map[string]any{"name": "B", "kind": "Text"})).must(t, 201)
		gotF := []string{f.str("data.0.attributes.name"), f.str("data.1.attributes.name")}
		wantF := []string{"A", "B"}
		if pess(p) {
			wantF = []string{"B", "A"}
		}
		if diff := cmp.Diff(wantF, gotF); diff != "" {
			t.Errorf("field create answer order (-want +got):\n%s", diff)
		}
	})
}

// P8: Textbox values stored as HTML.
func TestProfileTextboxHTML(t *testing.T) {
	cases := []struct{ sent, pessWant string }{
		{"Backups & restores\nnightly <full>", "<p>Backups &amp; restores<br>nightly &lt;full&gt;</p>"},
		{"say \"hi\"\r\nbye", "<p>say &quot;hi&quot;<br>bye</p>"},
		{"<p>already <b>HTML</b></p>", "<p>already <b>HTML</b></p>"},
	}
	byProfile(t, func(t *testing.T, p sandbox.Profile) {
		a := profileAccount(t, p)
		for _, tc := range cases {
			r := a.do("PATCH", "/flexible_assets/102", obj("flexible_assets", map[string]any{
				"traits": map[string]any{"hostname": "mail-01", "notes": tc.sent}})).must(t, 200)
			want := tc.sent
			if pess(p) {
				want = tc.pessWant
			}
			if got := r.str("data.attributes.traits.notes"); got != want {
				t.Errorf("notes %q read back as %q; want %q", tc.sent, got, want)
			}
			// Writing the read-back value again changes nothing.
			again := a.do("PATCH", "/flexible_assets/102", obj("flexible_assets", map[string]any{
				"traits": map[string]any{"hostname": "mail-01", "notes": want}})).must(t, 200)
			if got := again.str("data.attributes.traits.notes"); got != want {
				t.Errorf("re-sending %q read back as %q", want, got)
			}
		}
	})
}

// P9: archived assets are listed only with filter[archived].
func TestProfileArchivedListing(t *testing.T) {
	byProfile(t, func(t *testing.T, p sandbox.Profile) {
		a := profileAccount(t, p)
		a.do("PATCH", "/flexible_assets/101", obj("flexible_assets", map[string]any{"archived": true})).must(t, 200)
		ids := func(r reply) []string {
			out := []string{}
			for i := range r.list() {
				out = append(out, r.str("data."+itoa(i)+".id"))
			}
			return out
		}
		plain := a.do("GET", "/flexible_assets?filter[flexible-asset-type-id]=33", nil).must(t, 200)
		want := []string{"100", "101"}
		if pess(p) {
			want = []string{"100"}
		}
		if diff := cmp.Diff(want, ids(plain)); diff != "" {
			t.Errorf("index without an archived filter (-want +got):\n%s", diff)
		}
		arch := a.do("GET", "/flexible_assets?filter[flexible-asset-type-id]=33&filter[archived]=true", nil)
		if !pess(p) {
			arch.must(t, 400) // the default profile knows no archived filter
			return
		}
		if diff := cmp.Diff([]string{"101"}, ids(arch.must(t, 200))); diff != "" {
			t.Errorf("filter[archived]=true (-want +got):\n%s", diff)
		}
		a.do("GET", "/flexible_assets/101", nil).must(t, 200)
	})
}

// P10: large pages of flexible assets time out.
func TestProfileAssetPageTimeout(t *testing.T) {
	byProfile(t, func(t *testing.T, p sandbox.Profile) {
		a := profileAccount(t, p, func(o *sandbox.Options) { o.AssetPageLimit = 100 })
		r := a.do("GET", "/flexible_assets?filter[flexible-asset-type-id]=33&page[size]=101", nil)
		if !pess(p) {
			r.must(t, 200)
			return
		}
		if r.status != 504 || r.str("message") != "Endpoint request timed out" {
			t.Errorf("page[size]=101 over a limit of 100: %d %s; want a gateway 504", r.status, r.short())
		}
		a.do("GET", "/flexible_assets?filter[flexible-asset-type-id]=33&page[size]=100", nil).must(t, 200)
		a.do("GET", "/organizations?page[size]=1000", nil).must(t, 200) // other lists are not limited
	})
	// The default limit applies when the option is 0.
	a := profileAccount(t, sandbox.ProfilePessimistic)
	a.do("GET", "/flexible_assets?filter[flexible-asset-type-id]=33&page[size]="+itoa(sandbox.DefaultAssetPageLimit), nil).must(t, 200)
	a.do("GET", "/flexible_assets?filter[flexible-asset-type-id]=33&page[size]="+itoa(sandbox.DefaultAssetPageLimit+1), nil).must(t, 504)
}

// P11: a 429 without Retry-After, from the limiter and from injected faults.
func TestProfileNoRetryAfter(t *testing.T) {
	byProfile(t, func(t *testing.T, p sandbox.Profile) {
		a := newAPI(t, func(o *sandbox.Options) { o.Profile, o.RateLimit = p, 1 })
		a.do("GET", "/organizations", nil).must(t, 200)
		r := a.do("GET", "/organizations", nil).must(t, 429)
		if got := r.header.Get("Retry-After"); (got == "") != pess(p) {
			t.Errorf("limiter 429 Retry-After = %q in profile %s", got, p)
		}
		f := newAPI(t, func(o *sandbox.Options) { o.Profile, o.Faults = p, sandbox.Faults{Seed: 1, RateLimitRate: 1} })
		r = f.do("GET", "/organizations", nil).must(t, 429)
		if got := r.header.Get("Retry-After"); (got == "") != pess(p) {
			t.Errorf("injected 429 Retry-After = %q in profile %s", got, p)
		}
	})
}

// P12: a bad or missing key.
func TestProfileBadKey(t *testing.T) {
	byProfile(t, func(t *testing.T, p sandbox.Profile) {
		a := newAPI(t, func(o *sandbox.Options) { o.Profile = p })
		for _, key := range []string{"ITG.wrong", ""} {
			r := a.send("GET", "/organizations", nil, map[string]string{"x-api-key": key})
			if !pess(p) {
				r.must(t, 401)
				continue
			}
			r.must(t, 403)
			if diff := cmp.Diff(map[string]any{"message": "Forbidden"}, r.doc); diff != "" {
				t.Errorf("key %q: body (-want +got):\n%s", key, diff)
			}
			if _, ok := r.doc["errors"]; ok {
				t.Error("the gateway body has an errors array")
			}
		}
	})
}

// P13: name-keys of non-ASCII names.
func TestProfileNameKeyTransliteration(t *testing.T) {
	cases := []struct{ name, def, pessWant string }{
		{"Café Menu", "caf-menu", "cafe-menu"},
		{"Straße Nº", "stra-e-n", "strasse-n"},
		{"Ünïcødé", "n-c-d", "unicode"},
		{"Plain ASCII", "plain-ascii", "plain-ascii"},
	}
	byProfile(t, func(t *testing.T, p sandbox.Profile) {
		a := profileAccount(t, p)
		for _, tc := range cases {
			r := a.do("POST", "/flexible_asset_types/40/relationships/flexible_asset_fields",
				obj("flexible_asset_fields", map[string]any{"name": tc.name, "kind": "Text"})).must(t, 201)
			want := tc.def
			if pess(p) {
				want = tc.pessWant
			}
			if got := r.str("data.attributes.name-key"); got != want {
				t.Errorf("name-key of %q = %q; want %q", tc.name, got, want)
			}
		}
	})
}
