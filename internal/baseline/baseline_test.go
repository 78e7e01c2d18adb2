package baseline

import (
	"encoding/json"
	"testing"
)

func TestDecodeFilesCountsDocuments(t *testing.T) {
	n, err := DecodeFiles([][]byte{[]byte("a: 1\n---\nb: 2\n"), []byte("c: [3]\n")})
	if err != nil || n != 3 {
		t.Fatalf("DecodeFiles = %d, %v; want 3 documents", n, err)
	}
	if _, err := DecodeFiles([][]byte{[]byte("a: [unclosed\n")}); err == nil {
		t.Error("a broken document decoded without an error")
	}
}

func TestPageDecodesAnAssetList(t *testing.T) {
	var p Page[Asset]
	body := `{"data":[{"id":"7","type":"flexible-assets","attributes":{"name":"x","organization-id":3,"traits":{"title":"t"}}}],"links":{"next":"n"}}`
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Data) != 1 || p.Data[0].Attributes.OrganizationID != 3 || string(p.Data[0].Attributes.Traits["title"]) != `"t"` || p.Links.Next != "n" {
		t.Errorf("decoded %+v", p)
	}
}
