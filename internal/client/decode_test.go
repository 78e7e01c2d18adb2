package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	idForms     = []string{`"12"`, `12`, `null`, ``, `" 7 "`, `"x"`, `1.5`, `"9007199254740993"`, `""`}
	stringForms = []string{`"Org 1"`, `null`, ``, `12`, `true`, `"a \"quoted\" name"`, `"caf\u00e9 \n"`, `"\ud800"`, `{}`, `""`}
	boolForms   = []string{`true`, `false`, `null`, ``, `"true"`, `1`, `"0"`, `"yes"`}
	timeForms   = []string{`"2026-01-02T03:04:05.000Z"`, `"2026-01-02T03:04:05Z"`, `"2026-01-02T05:04:05+02:00"`, `"2026-01-02"`,
		`"2026-01-02T03:04:05"`, `""`, `null`, ``, `"yesterday"`, `12`}
	traitForms = []string{`{"title":"a","count":3,"tag":{"type":"Configurations","values":[{"id":"5"}]}}`, `{}`, `null`, ``, `[]`}
)

// randomAssetPage is a page of assets whose fields take the forms above at
// random; plain reports pages whose every field is in the first, plain
// form, which the fast pass must take.
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
	field := func(name, v string) string {
		if v == "" {
			return ""
		}
		return fmt.Sprintf(`,%q:%s`, name, v)
	}
	n := r.IntN(5)
	items := make([]string, n)
	for i := range items {
		attrs := `"unknown":{"x":[1,2]}` +
			field("organization-id", pick(idForms)) + field("organization-name", pick(stringForms)) +
			field("flexible-asset-type-id", pick(idForms)) + field("flexible-asset-type-name", pick(stringForms)) +
			field("name", pick(stringForms)) + field("traits", pick(traitForms)) +
			field("archived", pick(boolForms)) + field("restricted", pick(boolForms)) + field("my-glue", pick(boolForms)) +
			field("resource-url", pick(stringForms)) + field("created-at", pick(timeForms)) + field("updated-at", pick(timeForms))
		items[i] = fmt.Sprintf(`{"id":%s,"type":"flexible-assets","attributes":{%s}}`, pick(idForms[:2]), attrs)
	}
	data := "[" + strings.Join(items, ",") + "]"
	switch {
	case plainOnly:
	case r.IntN(8) == 0 && n > 0:
		data = items[0] // a single object, as a show route answers
	case r.IntN(16) == 0:
		data = "null"
	}
	return []byte(`{"data":` + data + `,"meta":{"current-page":1,"next-page":` + pick([]string{`2`, `null`, `"3"`}) +
		`,"total-count":"` + fmt.Sprint(n) + `"},"links":{"next":"x"},"included":[]}`)
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
	return cmp.Diff(see(&tolerant), see(&fast), asText, cmp.AllowUnexported(resource[json.RawMessage]{}, relationship{}))
}

// TestFastDecodeIsTheTolerantOne: on pages mixing every form the API may
// send (ids as strings or numbers, null and missing fields, unknown
// fields, booleans and timestamps in other forms, data as one object or
// null), the client's decoder gives what the tolerant decoder gives, and
// takes the one-pass path on plain pages.
func TestFastDecodeIsTheTolerantOne(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	fastPages := 0
	for i := range 3000 {
		body := randomAssetPage(r, i%10 == 0)
		if d := sameDecode(body, toAsset); d != "" {
			t.Fatalf("page %s:\n%s", body, d)
		}
		if decodeAssetList(body, &document[assetWire]{}) {
			fastPages++
		} else if i%10 == 0 {
			t.Fatalf("plain page not taken by the one-pass decoder: %s", body)
		}
	}
	if fastPages < 300 {
		t.Fatalf("only %d of 3000 pages took the one-pass decoder", fastPages)
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

// FuzzFastDecode: for any body without duplicate keys, the client's
// decoder gives what the tolerant decoder gives. (With duplicate keys,
// which RFC 8259 leaves to the parser, a later null may clear a value in
// one and not the other.)
func FuzzFastDecode(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		f.Add(randomAssetPage(r, false))
	}
	f.Add([]byte(`{"data":{"id":"1","attributes":{"name":"x"}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		if hasDuplicateKeys(body) {
			return
		}
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

// hasDuplicateKeys reports whether an object of the JSON text b has two
// keys encoding/json would match to the same field (it folds case), or
// whether b is not JSON.
func hasDuplicateKeys(b []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(b))
	type frame struct {
		object bool
		keys   map[string]bool
		key    bool // the next string is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return false
		}
		if err != nil {
			return true
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if s, ok := tok.(string); ok && top != nil && top.object && top.key {
			k := strings.ToLower(strings.ToUpper(s))
			if top.keys[k] {
				return true
			}
			top.keys[k] = true
			top.key = false
			continue
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{object: true, keys: map[string]bool{}, key: true})
			continue
		case json.Delim('['):
			stack = append(stack, &frame{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 && stack[len(stack)-1].object {
			stack[len(stack)-1].key = true // a value ended
		}
	}
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
