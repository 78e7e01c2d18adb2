package client

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fastDecodeCase is an asset page and whether the fast decoder takes it.
type fastDecodeCase struct {
	name string
	body string
	take bool
}

// page wraps one asset's attributes (and what follows them in the
// resource) in a list page.
func page(attrs string) string {
	return `{"data":[{"id":"1","type":"flexible-assets","attributes":{` + attrs + `}}],"meta":{"current-page":1,"next-page":null,"total-count":1},"links":{}}`
}

func fastDecodeCases() []fastDecodeCase {
	// About 72 kB: over twice the 32 kB chunk trait values are kept in,
	// so a value takes a chunk of its own (1 MB crossed no other edge and
	// cost seconds under -race).
	long := strings.Repeat(`a long line of notes with <b>html</b> and \"quotes\" \u2603 `, 1200)
	return []fastDecodeCase{
		{"plain", page(`"organization-id":2,"organization-name":"Acme","name":"n","traits":{"a":"b"},"created-at":"2026-01-02T03:04:05.000Z"`), true},
		{"unicode escapes and raw UTF-8", page(`"name":"caf\u00e9 \ud83d\ude00 Café","organization-name":"\u00c9cole","traits":{"caf\u00e9":"\u00e9t\u00e9","ключ":"значение"}`), true},
		{"very long string", page(`"name":"` + long + `","traits":{"notes":"` + long + `"}`), true},
		{"nulls", page(`"organization-id":null,"organization-name":null,"name":null,"traits":null,"archived":null,"created-at":null,"resource-url":null`), true},
		{"numbers as strings", page(`"organization-id":"2","flexible-asset-type-id":" 33 ","archived":"true","restricted":"0","my-glue":1,"name":12`), true},
		{"tags, uploads and passwords", page(`"traits":{"domains":{"type":"Domains","values":[{"id":789,"name":"acme.com"}]},` +
			`"servers":{"type":"Configurations","values":[{"id":9007199254740993,"hostname":"mx1"},{"id":"676"}]},` +
			`"password":12345,"upload":[{"id":1,"file-name":"a.png"}],"file":{"content":"aGk=","file_name":"x.png"},"seats":25.50,"type":"Office 365"}`), true},
		{"included and relationships", `{"data":[{"id":1,"type":"flexible-assets","attributes":{"name":"x"},` +
			`"relationships":{"organization":{"data":{"type":"organizations","id":"5"}},"passwords":{"data":[{"id":"6"},{"id":7}],"links":{}}}}],` +
			`"included":[{"id":6,"type":"passwords","attributes":{"name":"p"}},{"id":"7","type":"passwords","attributes":null}],"meta":{"next-page":"2","prev-page":null,"filters":{}},"links":{"next":"https://h/x?a=b\u0026c=d"}}`, true},
		{"pretty-printed", "{\n\t\"data\" : [\n\t\t{ \"id\" : \"1\" , \"attributes\" : { \"name\" : \"x\" , \"traits\" : { \"a\" : [ 1 , 2 ] } } }\r\n\t]\n}\n", true},
		{"empty data", `{"data":[],"included":[],"meta":{},"links":{}}`, true},
		{"duplicate attribute", page(`"name":"a","name":null`), false},
		{"duplicate trait", page(`"traits":{"k":"v","k":"w"}`), false},
		{"duplicate trait through an escape", page(`"traits":{"k":1,"\u006b":2}`), false},
		{"key in another case", page(`"Name":"a"`), false},
		{"escaped key", page(`"na\u006de":"a"`), false},
		{"key folding to a field through the long s", page("\"trait\u017f\":{\"a\":1}"), false},
		{"data as one object", `{"data":{"id":"1","attributes":{"name":"x"}}}`, false},
		{"null data", `{"data":null}`, false},
		{"null relationship", `{"data":[{"id":"1","relationships":{"a":null}}]}`, false},
		{"traits as an array", page(`"traits":[]`), false},
		{"too deep", page(`"traits":{"a":` + strings.Repeat("[", 600) + strings.Repeat("]", 600) + `}`), false},
		{"trailing garbage", page(`"name":"x"`) + ` x`, false},
		{"truncated", page(`"name":"x"`)[:40], false},
		{"key not a string", `{0":[]}`, false},
		{"bad escape", page(`"name":"\x"`), false},
		{"control character", page("\"name\":\"a\tb\""), false},
		{"leading zero", page(`"organization-id":012`), false},
		{"bad id", page(`"organization-id":"x"`), false},
	}
}

// TestFastDecodeTakesOrLeaves: the fast decoder takes realistic pages
// (escapes, long strings, nulls, ids as strings, tag/upload/password
// traits, included, relationships) and leaves anything ambiguous or
// malformed to the tolerant decoder; either way the client's answer is
// the tolerant decoder's.
func TestFastDecodeTakesOrLeaves(t *testing.T) {
	for _, tc := range fastDecodeCases() {
		t.Run(tc.name, func(t *testing.T) {
			body := []byte(tc.body)
			if got := fastDecode(body, &document[assetWire]{}, &assetFields); got != tc.take {
				t.Errorf("fast decoder took the page: %v, want %v", got, tc.take)
			}
			if d := sameDecode(body, toAsset); d != "" {
				t.Errorf("client and tolerant decoders differ:\n%s", d)
			}
		})
	}
}

// TestFastDecodeTakesRecordedPages: the recorded list pages of assets and
// organizations, and a page of types with included fields, take the fast
// decoder, and the types keep their fields and whether enabled was stated.
func TestFastDecodeTakesRecordedPages(t *testing.T) {
	for _, tc := range []struct {
		file string
		fast func([]byte) bool
	}{
		{"flexible_assets_page.json", func(b []byte) bool { return fastDecode(b, &document[assetWire]{}, &assetFields) }},
		{"organizations_page.json", func(b []byte) bool { return fastDecode(b, &document[organizationWire]{}, &organizationFields) }},
	} {
		b, err := os.ReadFile(filepath.Join("testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		if !tc.fast(b) {
			t.Errorf("%s: not taken by the fast decoder", tc.file)
		}
	}
	// A page of types with their fields included, as the type index
	// answers include=flexible_asset_fields.
	types := []byte(`{"data":[{"id":"33","type":"flexible-asset-types","attributes":{"name":"Email","description":null,"icon":"envelope",` +
		`"enabled":true,"show-in-menu":"1","created-at":"2017-10-22T00:03:48.000Z","updated-at":"2017-10-22T00:03:48Z"},` +
		`"relationships":{"flexible-asset-fields":{"data":[{"id":"1","type":"flexible-asset-fields"},{"id":2,"type":"flexible-asset-fields"}]}}},` +
		`{"id":34,"type":"flexible-asset-types","attributes":{"name":"No enabled","enabled":null}}],` +
		`"included":[{"id":1,"type":"flexible-asset-fields","attributes":{"order":1,"name":"Domains","kind":"Tag","tag-type":"Domains"}},` +
		`{"id":"2","type":"flexible-asset-fields","attributes":{"order":2,"name":"Type","kind":"Select","default-value":"a\nb"}}],` +
		`"meta":{"current-page":1,"next-page":null,"total-count":2},"links":{}}`)
	if !fastDecode(types, &document[typeWire]{}, &typeFields) {
		t.Error("types page: not taken by the fast decoder")
	}
	if d := sameDecode(types, toType); d != "" {
		t.Errorf("types page: client and tolerant decoders differ:\n%s", d)
	}
	var d document[typeWire]
	if err := decodeBody(types, &d); err != nil {
		t.Fatal(err)
	}
	ts := collect([]*document[typeWire]{&d}, toType)
	if _, err := attachFields([]*document[typeWire]{&d}, ts); err != nil || len(ts[0].Fields) != 2 || !ts[0].EnabledStated || ts[1].EnabledStated {
		t.Errorf("types page: %+v, %v", ts, err)
	}
}

// TestFastDecodeTraitsOwnTheirBytes: trait values, names and URLs do not
// share the response body (a caller may reuse it) and trait values cannot
// grow into each other: appending to one leaves its neighbours alone.
func TestFastDecodeTraitsOwnTheirBytes(t *testing.T) {
	body := []byte(page(`"name":"the name","resource-url":"https://x/1","traits":{"a":"one","b":[1,2],"c":{"x":null}}`))
	var d document[assetWire]
	if !fastDecode(body, &d, &assetFields) {
		t.Fatal("page not taken by the fast decoder")
	}
	a := toAsset(d.Data[0])
	tr := a.Traits
	for i := range body {
		body[i] = ' '
	}
	if a.Name != "the name" || a.ResourceURL != "https://x/1" {
		t.Errorf("after the body changed: name %q, URL %q", a.Name, a.ResourceURL)
	}
	want := map[string]string{"a": `"one"`, "b": `[1,2]`, "c": `{"x":null}`}
	for k, v := range want {
		got := tr.Value(k)
		if string(got) != v {
			t.Errorf("trait %s after the body changed: %s, want %s", k, got, v)
		}
		if cap(got) != len(got) {
			t.Errorf("trait %s has room to grow (len %d, cap %d)", k, len(got), cap(got))
		}
	}
	_ = append(tr.Value("a"), "xxxxxxxx"...)
	for k, v := range want {
		if got := tr.Value(k); string(got) != v {
			t.Errorf("trait %s after appending to a: %s, want %s", k, got, v)
		}
	}
	if a.Name != "the name" || a.ResourceURL != "https://x/1" {
		t.Errorf("after appending to a trait: name %q, URL %q", a.Name, a.ResourceURL)
	}
	if _, err := json.Marshal(tr); err != nil {
		t.Errorf("traits do not encode: %v", err)
	}
}

// TestUTCStampIsParseTimestamp: where the fast timestamp parser takes a
// value, flexTime's parser gives the same time; it takes the API's usual
// forms, and leaves out-of-range fields and other forms to flexTime.
func TestUTCStampIsParseTimestamp(t *testing.T) {
	cases := []struct {
		in   string
		take bool
	}{
		{`"2017-10-22T00:03:48.000Z"`, true}, {`"2017-10-22T00:03:48Z"`, true}, {`"2024-02-29T23:59:59.999999999Z"`, true},
		{`"0001-01-01T00:00:00Z"`, true}, {`"2017-10-22T00:03:48.5Z"`, true},
		{`"2023-02-29T00:00:00Z"`, false}, {`"2017-13-01T00:00:00Z"`, false}, {`"2017-00-01T00:00:00Z"`, false},
		{`"2017-04-31T00:00:00Z"`, false}, {`"2017-10-22T24:00:00Z"`, false}, {`"2017-10-22T00:60:00Z"`, false},
		{`"2017-10-22T00:00:60Z"`, false}, {`"2017-10-22T00:03:48.Z"`, false}, {`"2017-10-22T00:03:48.1234567891Z"`, false},
		{`"2017-10-22t00:03:48Z"`, false}, {`"2017-10-22T00:03:48z"`, false}, {`"2017-10-22T00:03:48+00:00"`, false},
		{`"2017-10-22"`, false}, {`"+017-10-22T00:03:48Z"`, false}, {`"2017-10-22T00:03:48,5Z"`, false}, {`null`, false},
	}
	for m := 1; m <= 12; m++ {
		for _, y := range []int{1900, 2000, 2023, 2024} {
			for _, day := range []int{28, 29, 30, 31} {
				in := fmt.Sprintf(`"%04d-%02d-%02dT12:34:56.789Z"`, y, m, day)
				_, err := time.Parse(time.RFC3339Nano, in[1:len(in)-1])
				cases = append(cases, struct {
					in   string
					take bool
				}{in, err == nil})
			}
		}
	}
	for _, tc := range cases {
		got, ok := utcStamp([]byte(tc.in))
		if ok != tc.take {
			t.Errorf("%s: taken %v, want %v", tc.in, ok, tc.take)
			continue
		}
		if !ok {
			continue
		}
		var want flexTime
		if err := want.UnmarshalJSON([]byte(tc.in)); err != nil {
			t.Errorf("%s: taken, but flexTime refuses it: %v", tc.in, err)
		} else if got != time.Time(want) {
			t.Errorf("%s: %v, flexTime gives %v", tc.in, got, time.Time(want))
		}
	}
}
