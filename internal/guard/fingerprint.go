package guard

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/glue-sync/glue-sync/internal/attrs"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// Live is what a check needs of one live object as planned or re-read:
// its kind, its id, its guard and, for a flexible asset type read with its
// fields, the guard of its fields' order. Build one with Organization,
// AssetType, Field or Asset.
type Live struct {
	Kind plan.Kind
	ID   int64
	// Guard is the object's own fingerprint.
	Guard plan.Guard
	// Order is the fingerprint of a type's field orders (see FieldOrder);
	// zero for other kinds.
	Order plan.Guard
}

// Organization, AssetType and Field hash every attribute of their table
// in package attrs, normalised by its compare rule: an attribute added to
// a table is fingerprinted without further code.

// Organization describes a live organization.
func Organization(o client.Organization) Live {
	return Live{Kind: plan.KindOrganization, ID: o.ID, Guard: plan.Guard{UpdatedAt: stamp(o.UpdatedAt), Hash: hashOf(attrs.Organization.Canon(&o))}}
}

// AssetType describes a live flexible asset type: its own attributes,
// not its fields, and the order of its fields when it was read with them.
func AssetType(t client.FlexibleAssetType) Live {
	return Live{Kind: plan.KindAssetType, ID: t.ID, Guard: plan.Guard{UpdatedAt: stamp(t.UpdatedAt), Hash: hashOf(attrs.AssetType.Canon(&t))},
		Order: FieldOrder(t)}
}

// Field describes a live flexible asset field.
func Field(f client.FlexibleAssetField) Live {
	return Live{Kind: plan.KindField, ID: f.ID, Guard: plan.Guard{UpdatedAt: stamp(f.UpdatedAt), Hash: hashOf(attrs.Field.Canon(&f))}}
}

// Asset describes a live flexible asset: its organization, type, archived
// flag and traits, Tag traits as sorted ids (renaming a tagged
// configuration does not make an asset stale).
func Asset(a client.FlexibleAsset) Live {
	return Live{Kind: plan.KindAsset, ID: a.ID, Guard: plan.Guard{UpdatedAt: stamp(a.UpdatedAt), Hash: assetHash(a)}}
}

// FieldOrder is the guard of a field-order change: a hash of the order of
// every field of t (read with its fields), without an updated-at (a
// reorder does not care about the type's own attributes).
func FieldOrder(t client.FlexibleAssetType) plan.Guard {
	type fo struct{ ID, Order int64 }
	orders := make([]fo, len(t.Fields))
	for i, f := range t.Fields {
		orders[i] = fo{f.ID, f.Order}
	}
	slices.SortFunc(orders, func(a, b fo) int {
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	return plan.Guard{Hash: hashOf(orders)}
}

// stamp formats an updated-at as a guard holds it ("" when unknown).
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// hasValue reports whether a trait holds something (not null, "" or []).
func hasValue(raw json.RawMessage) bool {
	s := bytes.TrimSpace(raw)
	return len(s) > 0 && !bytes.Equal(s, []byte("null")) && !bytes.Equal(s, []byte(`""`)) && !bytes.Equal(s, []byte("[]"))
}

// assetHash hashes an asset's organization, type, archived flag and
// traits in a stable form: keys sorted, Tag traits as sorted ids, other
// values compacted, empty values left out. It writes straight into the
// hash (a plan of thousands of updates fingerprints every asset).
func assetHash(a client.FlexibleAsset) string {
	h := sha256.New()
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "asset\x00%d\x00%d\x00%t\x00", a.OrganizationID, a.FlexibleAssetTypeID, a.Archived)
	for k, raw := range a.Traits.All() { // in order of key
		if !hasValue(raw) {
			continue
		}
		buf.WriteString(k)
		buf.WriteByte(0)
		if client.IsExpandedTag(raw) {
			ids, _ := client.TagIDs(raw)
			slices.Sort(ids)
			for _, id := range ids {
				buf.WriteString(strconv.FormatInt(id, 10))
				buf.WriteByte(',')
			}
		} else if json.Compact(&buf, raw) != nil {
			buf.Write(raw)
		}
		buf.WriteByte(0)
	}
	h.Write(buf.Bytes())
	return "sha256:" + hex.EncodeToString(h.Sum(nil)[:16])
}

func hashOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(fmt.Sprint(v))
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:16])
}
