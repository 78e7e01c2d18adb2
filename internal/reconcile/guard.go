package reconcile

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// Fingerprint returns the hash a plan's Guard holds for a live object, as
// "sha256:<hex>". obj is a client.Organization, client.FlexibleAssetType
// (its own attributes, not its fields), client.FlexibleAssetField or
// client.FlexibleAsset. It covers what a change compares or writes back,
// normalised like the comparison (Tag traits as sorted ids, so renaming a
// tagged configuration does not make an asset stale), and nothing
// server-owned such as timestamps or derived names.
func Fingerprint(obj any) (string, error) {
	var v any
	switch o := obj.(type) {
	case client.Organization:
		v = []any{o.Name, normText(o.ShortName), normText(o.Description), normText(o.Alert), normText(o.QuickNotes),
			o.OrganizationTypeID, o.OrganizationStatusID, o.ParentID}
	case client.FlexibleAssetType:
		v = []any{o.Name, normText(o.Description), o.Icon, o.Enabled, o.ShowInMenu}
	case client.FlexibleAssetField:
		v = []any{o.Name, o.Kind, normText(o.Hint), o.Decimals, o.DefaultValue, o.TagType, o.Required, o.UseForTitle,
			o.Expiration, o.ShowInList, o.Order, o.NameKey}
	case client.FlexibleAsset:
		return assetFingerprint(o), nil
	default:
		return "", fmt.Errorf("fingerprinting a %T: not a live object reconcile compares", obj)
	}
	return hashOf(v), nil
}

// FieldOrderFingerprint is the Guard hash of a field-order change: the
// order of every field of t (read with its fields).
func FieldOrderFingerprint(t client.FlexibleAssetType) string {
	type fo struct{ ID, Order int64 }
	orders := make([]fo, len(t.Fields))
	for i, f := range t.Fields {
		orders[i] = fo{f.ID, f.Order}
	}
	slices.SortFunc(orders, func(a, b fo) int { return cmpInt64(a.ID, b.ID) })
	return hashOf(orders)
}

// ErrStale is matched (errors.Is) by the error CheckGuard returns when the
// live object changed since the plan.
var ErrStale = errors.New("the live object changed since the plan was made")

// CheckGuard re-checks a change against its live object as apply re-read
// it: obj as for Fingerprint, or for a field-order change (Write.Orders
// set) the type read with its fields. It returns nil when the change has
// no guard or the object is as planned, else an error wrapping ErrStale
// that says what differs.
func CheckGuard(ch *plan.Change, obj any) error {
	if ch == nil || ch.Guard == nil {
		return nil
	}
	var got *plan.Guard
	if t, ok := obj.(client.FlexibleAssetType); ok && ch.Kind == plan.KindField && ch.Write != nil && len(ch.Write.Orders) > 0 {
		got = fieldOrderGuard(t)
	} else {
		h, err := Fingerprint(obj)
		if err != nil {
			return fmt.Errorf("checking change %s: %w", ch.ID, err)
		}
		got = &plan.Guard{UpdatedAt: updatedAtOf(obj), Hash: h}
	}
	if ch.Guard.UpdatedAt != "" && got.UpdatedAt != "" && ch.Guard.UpdatedAt != got.UpdatedAt {
		return fmt.Errorf("change %s: %w (updated at %s, planned at %s)", ch.ID, ErrStale, got.UpdatedAt, ch.Guard.UpdatedAt)
	}
	if ch.Guard.Hash != got.Hash {
		return fmt.Errorf("change %s: %w (its compared values differ)", ch.ID, ErrStale)
	}
	return nil
}

// guardOf returns the Guard of a live object (see Fingerprint).
func guardOf(obj any) *plan.Guard {
	h, err := Fingerprint(obj)
	if err != nil {
		return nil
	}
	return &plan.Guard{UpdatedAt: updatedAtOf(obj), Hash: h}
}

func fieldOrderGuard(t client.FlexibleAssetType) *plan.Guard {
	return &plan.Guard{Hash: FieldOrderFingerprint(t)}
}

func updatedAtOf(obj any) string {
	var t time.Time
	switch o := obj.(type) {
	case client.Organization:
		t = o.UpdatedAt
	case client.FlexibleAssetType:
		t = o.UpdatedAt
	case client.FlexibleAssetField:
		t = o.UpdatedAt
	case client.FlexibleAsset:
		t = o.UpdatedAt
	}
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// assetFingerprint hashes an asset's organization, type, archived flag
// and traits in a stable form: keys sorted, Tag traits as sorted ids,
// other values compacted, empty values left out. It writes straight into
// the hash (a plan of thousands of updates fingerprints every asset).
func assetFingerprint(a client.FlexibleAsset) string {
	h := sha256.New()
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "asset\x00%d\x00%d\x00%t\x00", a.OrganizationID, a.FlexibleAssetTypeID, a.Archived)
	keys := make([]string, 0, len(a.Traits))
	for k := range a.Traits {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		raw := a.Traits[k]
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
