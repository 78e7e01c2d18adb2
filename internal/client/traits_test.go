package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// rawBytes compares raw values byte for byte, nil as empty.
var rawBytes = cmp.Comparer(func(a, b json.RawMessage) bool { return bytes.Equal(a, b) })

// TestTraitsHoldWhatTheyAreGiven: Traits made from a map give back every
// key with its value byte for byte (nil, null, nested, numbers as
// written, keys long enough for a two- or three-byte length), in order
// of key, and encode to what the map encodes to.
func TestTraitsHoldWhatTheyAreGiven(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    map[string]json.RawMessage
	}{
		{"none", nil},
		{"empty map", map[string]json.RawMessage{}},
		{"scalars", map[string]json.RawMessage{"title": json.RawMessage(`"a"`), "count": json.RawMessage(`25.50`),
			"on": json.RawMessage(`false`), "none": json.RawMessage(`null`), "big": json.RawMessage(`9007199254740993`)}},
		{"nested", map[string]json.RawMessage{"tag": json.RawMessage(`{"type":"Domains","values":[{"id":789,"name":"acme.com"}]}`),
			"list": json.RawMessage(`[1, 2]`), "deep": json.RawMessage(`{"a":[[{"b":null}]]}`)}},
		{"case and unicode", map[string]json.RawMessage{"Name": json.RawMessage(`"upper"`), "name": json.RawMessage(`"lower"`),
			"café": json.RawMessage(`"été"`), "": json.RawMessage(`"empty key"`)}},
		{"empty values", map[string]json.RawMessage{"nil": nil, "empty": json.RawMessage{}}},
		{"long", map[string]json.RawMessage{strings.Repeat("k", 300): json.RawMessage(`"` + strings.Repeat("v", 70000) + `"`),
			strings.Repeat("j", 127): json.RawMessage(`"` + strings.Repeat("w", 126) + `"`)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := TraitsOf(tc.m)
			if tr.Len() != len(tc.m) {
				t.Errorf("Len = %d, want %d", tr.Len(), len(tc.m))
			}
			want := make([]string, 0, len(tc.m))
			for k := range tc.m {
				want = append(want, k)
			}
			slices.Sort(want)
			if d := cmp.Diff(want, tr.Keys(), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("Keys (-want +got):\n%s", d)
			}
			var order []string
			for k, v := range tr.All() {
				order = append(order, k)
				if !bytes.Equal(v, tc.m[k]) {
					t.Errorf("All: %q = %s, want %s", k, v, tc.m[k])
				}
			}
			if !slices.Equal(order, want) {
				t.Errorf("All yields %q, want %q", order, want)
			}
			for k, v := range tc.m {
				got, ok := tr.Get(k)
				if !ok || !bytes.Equal(got, v) || !tr.Has(k) || !bytes.Equal(tr.Value(k), v) {
					t.Errorf("Get(%q) = %s, %v; want %s", k, got, ok, v)
				}
				if cap(got) != len(got) {
					t.Errorf("Get(%q) has room to grow (len %d, cap %d)", k, len(got), cap(got))
				}
				// A key missing, just before and after this one in order.
				for _, miss := range []string{k + "\x00", k[:max(len(k)-1, 0)] + "~~"} {
					if _, in := tc.m[miss]; in {
						continue
					}
					if v, ok := tr.Get(miss); ok || v != nil || tr.Has(miss) {
						t.Errorf("Get(%q) = %s, %v for a missing key", miss, v, ok)
					}
				}
			}
			wantMap := tc.m
			if len(wantMap) == 0 {
				wantMap = nil
			}
			if d := cmp.Diff(wantMap, tr.Map(), rawBytes); d != "" {
				t.Errorf("Map (-want +got):\n%s", d)
			}
			if !tr.Equal(TraitsOf(tr.Map())) {
				t.Error("traits made again from their map are not Equal")
			}
			if tc.name == "empty values" {
				return // an empty raw value is not JSON: neither encodes
			}
			wantJSON, _ := json.Marshal(tc.m)
			if len(tc.m) == 0 {
				wantJSON = []byte("{}")
			}
			if got, err := json.Marshal(tr); err != nil || !bytes.Equal(got, wantJSON) {
				t.Errorf("encodes to %s, %v; want %s", got, err, wantJSON)
			}
		})
	}
}

// TestTraitsEqual: Equal compares keys and raw values, not their order of
// insertion.
func TestTraitsEqual(t *testing.T) {
	a := TraitsOf(map[string]json.RawMessage{"a": json.RawMessage(`1`), "b": json.RawMessage(`"x"`)})
	for _, tc := range []struct {
		name string
		b    Traits
		want bool
	}{
		{"same", TraitsOf(map[string]json.RawMessage{"b": json.RawMessage(`"x"`), "a": json.RawMessage(`1`)}), true},
		{"other value", TraitsOf(map[string]json.RawMessage{"a": json.RawMessage(`1.0`), "b": json.RawMessage(`"x"`)}), false},
		{"other key", TraitsOf(map[string]json.RawMessage{"A": json.RawMessage(`1`), "b": json.RawMessage(`"x"`)}), false},
		{"fewer", TraitsOf(map[string]json.RawMessage{"a": json.RawMessage(`1`)}), false},
		{"none", Traits{}, false},
	} {
		if got := a.Equal(tc.b); got != tc.want {
			t.Errorf("%s: Equal = %v, want %v", tc.name, got, tc.want)
		}
	}
	if !(Traits{}).Equal(TraitsOf(map[string]json.RawMessage{})) {
		t.Error("no traits and an empty map's traits differ")
	}
}

// TestAssetTraitsDecodeAsAMap: an asset's traits, through either decoder,
// are what encoding/json makes of the traits object as a
// map[string]json.RawMessage: the last of a key given twice (escaped or
// not), keys unescaped and case kept, null values kept, numbers and
// nested values as written, a null or missing object as no traits, and
// a traits attribute given twice merged.
func TestAssetTraitsDecodeAsAMap(t *testing.T) {
	for _, traits := range []string{
		`{"k":"v","k":"w"}`,
		`{"b":1,"a":2,"b":3}`,
		`{"k":1,"\u006b":2}`,
		`{"Name":"upper","name":"lower","caf\u00e9":"\u00e9t\u00e9"}`,
		`{"none":null,"seats":25.50,"ratio":-1.5E+3,"id":9007199254740993}`,
		`{"tags":{"type":"Domains","values":[{"id":789},{"id":"676"}]},"list":[ 1 , 2 ]}`,
		`{}`, `null`,
	} {
		for _, body := range []string{page(`"traits":` + traits), page(`"traits":{"x":1},"traits":` + traits)} {
			var m struct {
				Data []struct {
					Attributes struct {
						Traits map[string]json.RawMessage `json:"traits"`
					} `json:"attributes"`
				} `json:"data"`
			}
			if err := json.Unmarshal([]byte(body), &m); err != nil {
				t.Fatalf("%s: %v", body, err)
			}
			want := m.Data[0].Attributes.Traits
			var d document[assetWire]
			if err := decodeBody([]byte(body), &d); err != nil {
				t.Fatalf("%s: %v", body, err)
			}
			got := toAsset(d.Data[0]).Traits
			if len(want) == 0 {
				want = nil
			}
			if d := cmp.Diff(want, got.Map(), rawBytes); d != "" {
				t.Errorf("%s: traits (-want +got):\n%s", body, d)
			}
		}
	}
}

// TestTraitsPrintAsJSON: fmt shows traits as their JSON object.
func TestTraitsPrintAsJSON(t *testing.T) {
	tr := TraitsOf(map[string]json.RawMessage{"b": json.RawMessage(`[1, 2]`), "a": json.RawMessage(`"x"`)})
	for _, format := range []string{"%v", "%s", "%+v"} {
		if got := fmt.Sprintf(format, tr); got != `{"a":"x","b":[1,2]}` {
			t.Errorf("%s prints %s", format, got)
		}
	}
	if got := fmt.Sprint(Traits{}); got != "{}" {
		t.Errorf("no traits print as %s", got)
	}
}
