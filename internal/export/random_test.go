package export_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/export"
	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/render"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// randomAccount builds an account from r: tricky names, every scalar
// kind with random values (some the format cannot state), tags between
// assets in any direction (cycles included) and to configurations.
func randomAccount(r *rand.Rand) *reconcile.Live {
	pick := func() string { return tricky[r.IntN(len(tricky))] }
	l := &reconcile.Live{Assets: map[int64][]client.FlexibleAsset{},
		TagTargets: map[string]map[int64][]client.TagTarget{"Configurations": {}}}
	for o := int64(1); o <= 3; o++ {
		l.Organizations = append(l.Organizations, client.Organization{ID: o, Name: fmt.Sprintf("%s %d", pick(), o), ParentID: r.Int64N(o)})
		for c := int64(0); c < 3; c++ {
			l.TagTargets["Configurations"][o] = append(l.TagTargets["Configurations"][o],
				client.TagTarget{ID: o*100 + c, OrganizationID: o, Name: pick()})
		}
	}
	kinds := []string{"Text", "Textbox", "Select", "Date", "Number", "Percent", "Checkbox"}
	for ti := int64(1); ti <= 2; ti++ {
		t := client.FlexibleAssetType{ID: ti, Name: fmt.Sprintf("%s type %d", pick(), ti)}
		for fi, k := range kinds {
			f := client.FlexibleAssetField{ID: ti*100 + int64(fi), Name: fmt.Sprintf("%s %d", k, fi), Kind: k,
				NameKey: fmt.Sprintf("f%d", fi), UseForTitle: r.IntN(2) == 0, Required: r.IntN(4) == 0,
				ShowInList: fi == 0, Decimals: r.Int64N(3)}
			if k == "Select" {
				f.DefaultValue = pick() + "\n" + pick()
			}
			t.Fields = append(t.Fields, f)
		}
		t.Fields = append(t.Fields,
			client.FlexibleAssetField{ID: ti*100 + 50, Name: "Link", Kind: "Tag", NameKey: "link", TagType: fmt.Sprintf("FlexibleAssetType: %d", 3-ti)},
			client.FlexibleAssetField{ID: ti*100 + 51, Name: "Server", Kind: "Tag", NameKey: "server", TagType: "Configurations"})
		l.AssetTypes = append(l.AssetTypes, t)
	}
	values := map[string][]string{
		"Text": {`"x"`, `"yes"`, `"a\r\nb "`, `""`}, "Textbox": textboxValues,
		"Select": {`"yes"`, `"No"`, `"gone"`}, "Date": {`"2024-02-29"`, `"2024-02-29T10:00:00Z"`, `"soon"`},
		"Number": {`25`, `"2.5"`, `1e2`, `"x"`}, "Percent": {`0.125`, `"71.50"`}, "Checkbox": {`true`, `"0"`},
	}
	for id := int64(1000); id < 1040; id++ {
		t := l.AssetTypes[r.IntN(2)]
		org := int64(1 + r.IntN(3))
		tr := map[string]json.RawMessage{}
		for _, f := range t.Fields {
			if vs := values[f.Kind]; vs != nil && r.IntN(3) > 0 {
				tr[f.NameKey] = json.RawMessage(vs[r.IntN(len(vs))])
			}
		}
		if id > 1000 && r.IntN(2) == 0 {
			tr["link"] = json.RawMessage(fmt.Sprintf("[%d]", 1000+r.Int64N(40)))
		}
		if r.IntN(2) == 0 {
			tr["server"] = json.RawMessage(fmt.Sprintf("[%d]", (1+r.Int64N(3))*100+r.Int64N(3)))
		}
		l.Assets[t.ID] = append(l.Assets[t.ID], client.FlexibleAsset{ID: id, OrganizationID: org, FlexibleAssetTypeID: t.ID,
			Archived: r.IntN(5) == 0, Traits: client.TraitsOf(tr)})
	}
	return l
}

// textboxValues are the Textbox values of a random account: plain text
// (with &, <, CRLF, trailing blanks), short HTML, and long HTML that is
// exported as a Markdown file (some of it kept there as HTML) or, with an
// image, inline.
var textboxValues = func() []string {
	long := strings.Repeat("<p>Restore the <strong>ERP</strong> database, then check the logs.</p>\r\n", 9)
	var out []string
	for _, v := range []string{
		"multi\nline", "2024-01-01", "Tom & Jerry <3\r\n  trailing  \r\n\r\n",
		"<p>a</p><p>b &amp; c</p>", "<p>line\tone  \r\n</p>\r\n<p>two<br></p>",
		long + "<ul><li>one</li><li>two</li></ul>",
		long + `<table border="1"><tr><td colspan="2">both</td></tr></table><p><u>underlined</u> <span style="color:red">red</span></p>`,
		long + `<p><img src="https://files.example.com/x.png" width="300"></p>`,
	} {
		b, _ := json.Marshal(v)
		out = append(out, string(b))
	}
	return out
}()

// randomSeeds is how many random accounts TestRandomAccountsValidate
// checks: the smallest count from 1 whose statement coverage of export,
// markdown, reconcile, richtext and spec equals that of 40 accounts
// (measured with -coverpkg when it was set: seeds 13 to 16 add the last
// two blocks: an asset tag that would close a cycle, and a matched key
// two assets share). Each account costs about 0.3 CPU-seconds under
// -race; FuzzExport explores further.
const randomSeeds = 16

// TestRandomAccountsValidate: whatever the account holds, the export
// validates with no diagnostic, plans as no change against the account,
// and exporting twice gives the same files.
func TestRandomAccountsValidate(t *testing.T) {
	for seed := uint64(1); seed <= randomSeeds; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			checkExport(t, seed, 7)
		})
	}
}

// FuzzExport checks the same properties over more random accounts. Its
// seed is the account after TestRandomAccountsValidate's last (go test
// runs it too: one account more, not one checked twice).
func FuzzExport(f *testing.F) {
	f.Add(uint64(randomSeeds+1), uint64(7))
	f.Fuzz(func(t *testing.T, a, b uint64) { checkExport(t, a, b) })
}

func checkExport(t *testing.T, a, b uint64) {
	t.Helper()
	live := randomAccount(rand.New(rand.NewPCG(a, b)))
	res, err := export.Build(live, export.Options{})
	if err != nil {
		t.Fatalf("seed %d,%d: %v", a, b, err)
	}
	again, _ := export.Build(randomAccount(rand.New(rand.NewPCG(a, b))), export.Options{})
	// reflect.DeepEqual first: cmp.Diff walks the whole result by
	// reflection, a third of the test's time under -race; it runs only to
	// confirm and show a difference.
	if !reflect.DeepEqual(res, again) {
		if diff := cmp.Diff(res, again); diff != "" {
			t.Fatalf("seed %d,%d: two exports differ (-first +second):\n%s", a, b, diff)
		}
	}
	dir := t.TempDir()
	if err := export.WriteDir(dir, res.Files, false); err != nil {
		t.Fatal(err)
	}
	ds, diags := spec.LoadDir(context.Background(), dir)
	if len(diags) > 0 {
		for _, f := range res.Files {
			t.Logf("%s:\n%s", f.Path, f.Data)
		}
		t.Fatalf("seed %d,%d: the export does not validate cleanly:\n%s", a, b, diags.String())
	}
	// Planned against the account it came from, nothing changes (but
	// the one case export notes: a Select option listed twice).
	p := reconcile.Compute(ds, live, reconcile.Options{})
	repeats := slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "listed twice") })
	if p.HasErrors() || (p.HasChanges() && !repeats) {
		var out strings.Builder
		render.Text(&out, p, render.TextOptions{})
		for _, d := range p.Diagnostics {
			out.WriteString(d.Message + "\n")
		}
		t.Fatalf("seed %d,%d: the plan of the export against its account is not empty:\n%s", a, b, out.String())
	}
}
