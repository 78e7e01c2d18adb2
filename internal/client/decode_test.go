package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// One form of a JSON value per entry; "" leaves the key out.
var (
	idForms     = []string{`"12"`, `12`, `null`, ``, `" 7 "`, `"x"`, `1.5`, `"9007199254740993"`, `""`, `"574989297464115201"`, `-3`, `1e3`}
	stringForms = []string{`"Org 1"`, `null`, ``, `12`, `true`, `"a \"quoted\" name"`, `"caf\u00e9 \n"`, `"\ud800"`,
		`{}`, `""`, `"Café ☕"`, `"\ud83d\ude00 \u00e9\/\b\f\r\t\\"`, `"\u0000"`, "\"bad \xff utf-8\"", `[]`, `-0.5e-3`}
	boolForms = []string{`true`, `false`, `null`, ``, `"true"`, `1`, `"0"`, `"yes"`, `0`}
	timeForms = []string{`"2026-01-02T03:04:05.000Z"`, `"2026-01-02T03:04:05Z"`, `"2026-01-02T05:04:05+02:00"`, `"2026-01-02"`,
		`"2026-01-02T03:04:05"`, `""`, `null`, ``, `"yesterday"`, `12`, `"2026-02-30T00:00:00Z"`, `"2026-01-02T03:04:05.123456789Z"`}
	traitForms = []string{`{"title":"a","count":3,"tag":{"type":"Configurations","values":[{"id":"5"}]}}`, `{}`, `null`, ``, `[]`,
		`{"type":"Office 365","domains":{"type":"Domains","values":[{"id":789,"name":"acme.com","organization-name":"Acme"}]},` +
			`"email-servers":{"type":"Configurations","values":[{"id":9007199254740993,"hostname":"mx1"},{"id":"676"}]},` +
			`"number-of-seats":25.50,"ratio":-1.5E+3,"none":null,"on":false}`,
		`{"password":12345,"secret":"67890","upload":[{"id":1,"file-name":"a.png","url":"https://x/a.png"}],"file":{"content":"aGk=","file_name":"x.png"}}`,
		`{"caf\u00e9":"\u00e9t\u00e9","Name":"upper","name":"lower","notes":"<p>long ` + strings.Repeat(`text \"q\" \u2603 `, 400) + `</p>"}`,
		`{"deep":{"a":[[[[{"b":[1,{"c":null}]}]]]]},"empty":[],"obj":{}}`,
		`{"k":"v","k":"w"}`,
		`{"k":1,"\u006b":2}`,
		`{"b":1,"a":2,"b":3}`,
		"{\"zeta\" : [ 1 , 2 ] ,\"Zeta\":{ \"x\" : 1 },\"\u00e9\":\"e\",\"bad \xff key\":0,\"a\":\"\"}",
		`{"` + strings.Repeat("k", 200) + `":"` + strings.Repeat("v", 20000) + `","k":null}`,
	}
	relationshipForms = []string{``, `null`, `{}`, `{"organization":{"data":{"type":"organizations","id":"5"}}}`,
		`{"flexible-asset-fields":{"data":[{"id":"1","type":"flexible-asset-fields"},{"id":2}]},"x":{"data":null,"links":{"self":"u"}}}`,
		`{"a":null}`, `{"a":{"Data":[]}}`}
	includedForms = []string{``, `null`, `[]`,
		`[{"id":5,"type":"flexible-asset-fields","attributes":{"name":"F","order":1,"kind":"Text"},"relationships":{"flexible-asset-type":{"data":{"id":"3"}}}}]`,
		`[{"id":"6","type":"passwords","attributes":null},{"id":"7","type":"attachments","attributes":{"x":[1,"\u00e9"]}}]`}
	metaForms = []string{`{"current-page":1,"next-page":2,"total-count":"3"}`, `null`, ``,
		`{"current-page":"1","next-page":null,"prev-page":null,"total-pages":"4","total-count":9,"filters":{}}`,
		`{"current-page":1,"next-page":"3"}`, `{"next-page":""}`, `{"Next-Page":2}`}
	linksForms = []string{`{"next":"x"}`, `{}`, `null`, ``, `{"next":null,"self":"s"}`, `{"next":"https://h/x?page%5Bnumber%5D=2\u0026a=b"}`, `{"next":5}`}
	keyForms   = []string{`"name"`, `"Name"`, `"na\u006de"`, `"nam\u212a"`, "\"nam\u212a\"", `"name"`}
	spaceForms = []string{``, ` `, "\n\t ", "\r\n"}
)

// randomAssetPage is a page of assets whose fields take the forms above at
// random (unknown members, odd keys and whitespace included); plainOnly
// gives pages whose every field is in the first, plain form, which the
// fast pass must take.
func randomAssetPage(r *rand.Rand, plainOnly bool) []byte {
	pick := func(forms []string) string {
		if plainOnly {
			return forms[0]
		}
		if r.IntN(3) > 0 { // mostly plain, so that whole pages pass
			return forms[0]
		}
		return forms[r.IntN(len(forms))]
	}
	sp := func() string { return pick(spaceForms) }
	field := func(name, v string) string {
		if v == "" {
			return ""
		}
		return fmt.Sprintf(`,%s%q%s:%s%s`, sp(), name, sp(), sp(), v)
	}
	n := r.IntN(5)
	items := make([]string, n)
	for i := range items {
		attrs := `"unknown":{"x":[1,2]}` +
			field("organization-id", pick(idForms)) + field("organization-name", pick(stringForms)) +
			field("flexible-asset-type-id", pick(idForms)) + field("flexible-asset-type-name", pick(stringForms)) +
			field("traits", pick(traitForms)) +
			field("archived", pick(boolForms)) + field("restricted", pick(boolForms)) + field("my-glue", pick(boolForms)) +
			field("resource-url", pick(stringForms)) + field("created-at", pick(timeForms)) + field("updated-at", pick(timeForms))
		if k := pick(keyForms); k != "" {
			attrs += "," + k + ":" + pick(stringForms[:2])
		}
		rel := field("relationships", pick(relationshipForms))
		items[i] = fmt.Sprintf(`{%s"id":%s,"type":"flexible-assets","attributes":{%s}%s,"links":{"self":"u"}}`, sp(), pick(idForms[:2]), attrs, rel)
	}
	data := "[" + strings.Join(items, ","+sp()) + "]"
	switch {
	case plainOnly:
	case r.IntN(8) == 0 && n > 0:
		data = items[0] // a single object, as a show route answers
	case r.IntN(16) == 0:
		data = "null"
	}
	return []byte(`{"data":` + data + field("meta", pick(metaForms)) + field("links", pick(linksForms)) +
		field("included", pick(includedForms)) + `}` + sp())
}

// sameDecode decodes body with the client's decoder and with the tolerant
// one and reports how they differ ("" when they do not).
func sameDecode[A, T any](body []byte, conv func(resource[A]) T) string {
	var fast, tolerant document[A]
	errFast := decodeBody(body, &fast)
	errTolerant := json.Unmarshal(body, &tolerant)
	if (errFast == nil) != (errTolerant == nil) || errFast != nil && errFast.Error() != errTolerant.Error() {
		return fmt.Sprintf("errors differ: client %v, tolerant %v", errFast, errTolerant)
	}
	if errFast != nil {
		return ""
	}
	type view struct {
		Data     []T
		Included []resource[json.RawMessage]
		Meta     pageMeta
		Links    pageLinks
		NilData  bool
	}
	see := func(d *document[A]) view {
		out := view{Included: d.Included, Meta: d.Meta, Links: d.Links, NilData: d.Data == nil}
		for _, r := range d.Data {
			out.Data = append(out.Data, conv(r))
		}
		return out
	}
	// Times as their text, zone included (cmp would use time.Time.Equal).
	asText := cmp.Transformer("String", func(t time.Time) string { return t.String() })
	// Raw values byte for byte, nil apart from empty (cmp would compare
	// them one reflected element at a time).
	rawEqual := cmp.Comparer(func(a, b json.RawMessage) bool { return (a == nil) == (b == nil) && bytes.Equal(a, b) })
	return cmp.Diff(see(&tolerant), see(&fast), asText, rawEqual, cmp.AllowUnexported(resource[json.RawMessage]{}, relationship{}))
}

// TestFastDecodeIsTheTolerantOne: on pages mixing every form the API may
// send (ids as strings or numbers, null and missing fields, unknown
// fields, booleans and timestamps in other forms, data as one object or
// null), the client's decoder gives what the tolerant decoder gives, and
// takes the one-pass path on plain pages.
//
// 3000 random pages, 600 under -race (where a page costs about five
// times as much): each odd form of a field still turns up on some twenty
// pages (a third of fields odd, two assets a page, at most 16 forms), and
// FuzzFastDecode, seeded with these pages, is the deep check.
func TestFastDecodeIsTheTolerantOne(t *testing.T) {
	pages := 3000
	if raceEnabled {
		pages = 600
	}
	r := rand.New(rand.NewPCG(1, 2))
	fastPages, oddFast := 0, 0
	for i := range pages {
		body := randomAssetPage(r, i%10 == 0)
		if d := sameDecode(body, toAsset); d != "" {
			t.Fatalf("page %s:\n%s", body, d)
		}
		if fastDecode(body, &document[assetWire]{}, &assetFields) {
			fastPages++
			if i%10 != 0 {
				oddFast++
			}
		} else if i%10 == 0 {
			t.Fatalf("plain page not taken by the one-pass decoder: %s", body)
		}
	}
	t.Logf("%d of %d pages took the one-pass decoder, %d of them not plain", fastPages, pages, oddFast)
	// Pages with odd forms go through the fast decoder too, not only
	// plain ones: what it takes is compared above.
	if fastPages < pages/10 || oddFast < pages/15 {
		t.Fatalf("only %d of %d pages (%d not plain) took the one-pass decoder", fastPages, pages, oddFast)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for what, d := range map[string]string{
			"assets":        sameDecode(b, toAsset),
			"organizations": sameDecode(b, toOrganization),
			"types":         sameDecode(b, toType),
		} {
			if d != "" {
				t.Errorf("%s as %s:\n%s", name, what, d)
			}
		}
	}
}

// FuzzFastDecode: for any body, duplicate keys included (the fast
// decoder leaves those to the tolerant one), the client's decoder gives
// what the tolerant decoder gives, for assets, organizations and types.
func FuzzFastDecode(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		f.Add(randomAssetPage(r, false))
	}
	for _, tc := range fastDecodeCases() {
		f.Add([]byte(tc.body))
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"data":{"id":"1","attributes":{"name":"x"}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		for what, d := range map[string]string{
			"assets":        sameDecode(body, toAsset),
			"organizations": sameDecode(body, toOrganization),
			"types":         sameDecode(body, toType),
		} {
			if d != "" {
				t.Errorf("%s:\n%s", what, d)
			}
		}
	})
}

// TestCollectSortsAndDropsDuplicates: pages in id order, out of order, or
// with an object listed twice (it moved between pages while they were
// read) give each object once, by id.
func TestCollectSortsAndDropsDuplicates(t *testing.T) {
	page := func(ids ...int64) *document[organizationWire] {
		d := &document[organizationWire]{}
		for _, id := range ids {
			d.Data = append(d.Data, resource[organizationWire]{ID: flexInt(id), Attributes: organizationWire{Name: flexString(fmt.Sprint("org ", id))}})
		}
		return d
	}
	for _, tc := range []struct {
		name  string
		pages []*document[organizationWire]
		want  []int64
	}{
		{"sorted", []*document[organizationWire]{page(1, 2), page(3, 9)}, []int64{1, 2, 3, 9}},
		{"out of order", []*document[organizationWire]{page(5, 2), page(9, 1)}, []int64{1, 2, 5, 9}},
		{"moved between pages", []*document[organizationWire]{page(1, 4), page(4, 7)}, []int64{1, 4, 7}},
		{"moved, out of order", []*document[organizationWire]{page(8, 4), page(4, 3, 8)}, []int64{3, 4, 8}},
		{"none", nil, []int64{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := []int64{}
			for _, o := range collect(tc.pages, toOrganization) {
				if o.Name != fmt.Sprint("org ", o.ID) {
					t.Errorf("organization %d carries %q", o.ID, o.Name)
				}
				got = append(got, o.ID)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("ids (-want +got):\n%s", d)
			}
		})
	}
}
