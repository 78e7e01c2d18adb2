package apply

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	gattrs "github.com/glue-sync/glue-sync/internal/attrs"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// write performs one change's request and returns the object's live id.
func (wr *writer) write(ctx context.Context, ch *plan.Change) (int64, error) {
	if ch.Action == plan.Delete {
		return ch.LiveID, wr.delete(ctx, ch)
	}
	if ch.Action == plan.Update && ch.LiveID == 0 {
		return 0, fmt.Errorf("the plan updates %s without its live id", ch.ID)
	}
	switch ch.Kind {
	case plan.KindOrganization:
		return wr.writeOrganization(ctx, ch)
	case plan.KindAssetType:
		return wr.writeType(ctx, ch)
	case plan.KindField:
		return wr.writeField(ctx, ch)
	case plan.KindAsset:
		return wr.writeAsset(ctx, ch)
	}
	return 0, fmt.Errorf("unknown kind %q", ch.Kind)
}

func (wr *writer) delete(ctx context.Context, ch *plan.Change) error {
	if ch.LiveID == 0 {
		return fmt.Errorf("the plan deletes %s without its live id", ch.ID)
	}
	switch ch.Kind {
	case plan.KindOrganization:
		return wr.api.DeleteOrganization(ctx, ch.LiveID)
	case plan.KindField:
		return wr.api.DeleteField(ctx, ch.LiveID)
	case plan.KindAsset:
		return wr.api.DeleteAsset(ctx, ch.LiveID)
	case plan.KindAssetType:
		return fmt.Errorf("IT Glue cannot delete flexible asset types through its API; disable the type instead (enabled: false)")
	}
	return fmt.Errorf("unknown kind %q", ch.Kind)
}

// orgWrite builds an organization's create or update body.
func (wr *writer) orgWrite(ch *plan.Change) (client.OrganizationWrite, error) {
	a := wr.attrs(ch.Write)
	var w client.OrganizationWrite
	fill(a, gattrs.Organization, &w)
	w.Clear = a.clear
	return w, a.check("organization")
}

func (wr *writer) writeOrganization(ctx context.Context, ch *plan.Change) (int64, error) {
	w, err := wr.orgWrite(ch)
	if err != nil {
		return 0, err
	}
	if ch.Action == plan.Create {
		if w.Name == nil {
			w.Name = &ch.Name
		}
		o, err := wr.api.CreateOrganization(ctx, w)
		return o.ID, err
	}
	o, err := wr.api.UpdateOrganization(ctx, ch.LiveID, w)
	if err != nil {
		return 0, err
	}
	return o.ID, nil
}

func (wr *writer) writeType(ctx context.Context, ch *plan.Change) (int64, error) {
	a := wr.attrs(ch.Write)
	var w client.FlexibleAssetTypeWrite
	fill(a, gattrs.AssetType, &w)
	w.Clear = a.clear
	if err := a.check("flexible asset type"); err != nil {
		return 0, err
	}
	if ch.Action != plan.Create {
		t, err := wr.api.UpdateAssetType(ctx, ch.LiveID, w)
		if err != nil {
			return 0, err
		}
		return t.ID, nil
	}
	if w.Name == nil {
		w.Name = &ch.Name
	}
	if ch.Write != nil {
		for i, fw := range ch.Write.Fields {
			f, err := wr.fieldWrite(fw.Attributes, nil, fw.TagType)
			if err != nil {
				return 0, fmt.Errorf("field %d: %w", i+1, err)
			}
			w.Fields = append(w.Fields, f)
		}
	}
	t, err := wr.api.CreateAssetType(ctx, w)
	if err != nil {
		return 0, err
	}
	for _, f := range t.Fields {
		wr.fieldKeys[fieldKey(plan.FieldRef{Change: ch.ID, Name: f.Name})] = f.NameKey
	}
	return t.ID, nil
}

// fieldWrite builds a field's create or update body; tagType, when set,
// is the flexible asset type a Tag field tags.
func (wr *writer) fieldWrite(m map[string]json.RawMessage, refs map[string]plan.Ref, tagType *plan.Ref) (client.FlexibleAssetFieldWrite, error) {
	a := wr.attrsOf(m, refs)
	var w client.FlexibleAssetFieldWrite
	fill(a, gattrs.Field, &w)
	a.takenRef["flexible-asset-type-id"] = true // the field's type, used by the caller
	a.taken["flexible-asset-type-id"] = true
	w.Clear = a.clear
	if err := a.check("flexible asset field"); err != nil {
		return w, err
	}
	if tagType != nil {
		id, err := wr.lg.ref(*tagType)
		if err != nil {
			return w, err
		}
		s := "FlexibleAssetType: " + strconv.FormatInt(id, 10)
		w.TagType = &s
	}
	return w, nil
}

func (wr *writer) writeField(ctx context.Context, ch *plan.Change) (int64, error) {
	pw := ch.Write
	if pw == nil {
		pw = &plan.Write{}
	}
	if len(pw.Orders) > 0 {
		return ch.LiveID, wr.reorder(ctx, ch)
	}
	w, err := wr.fieldWrite(pw.Attributes, pw.Refs, pw.TagType)
	if err != nil {
		return 0, err
	}
	if ch.Action != plan.Create {
		f, err := wr.api.UpdateField(ctx, ch.LiveID, w)
		if err != nil {
			return 0, err
		}
		wr.fieldKeys[fieldKey(plan.FieldRef{Change: ch.ID})] = f.NameKey
		return f.ID, nil
	}
	typeID, err := wr.fieldType(ctx, ch)
	if err != nil {
		return 0, err
	}
	if w.Name == nil {
		w.Name = &ch.Name
	}
	fs, err := wr.api.CreateFields(ctx, typeID, []client.FlexibleAssetFieldWrite{w})
	if err != nil {
		return 0, err
	}
	wr.fieldKeys[fieldKey(plan.FieldRef{Change: ch.ID})] = fs[0].NameKey
	return fs[0].ID, nil
}

// fieldType is the live id of the type a field change belongs to: its
// "flexible-asset-type-id" reference, else the type named by the change.
func (wr *writer) fieldType(ctx context.Context, ch *plan.Change) (int64, error) {
	if ch.Write != nil {
		if ref, ok := ch.Write.Refs["flexible-asset-type-id"]; ok {
			return wr.lg.ref(ref)
		}
	}
	return wr.parentID(ctx, plan.KindAssetType, ch.AssetType)
}

// reorder sends the new orders of a type's fields through the client's
// Reorder, which sequences the moves so that each is valid on its own
// (IT Glue may check a bulk update item by item).
func (wr *writer) reorder(ctx context.Context, ch *plan.Change) error {
	moves := make([]client.FieldOrder, len(ch.Write.Orders))
	for i, o := range ch.Write.Orders {
		if o.Field == 0 {
			return fmt.Errorf("the plan reorders field %q without its live id", o.Name)
		}
		moves[i] = client.FieldOrder{ID: o.Field, Order: o.Order}
	}
	typeID, err := wr.fieldType(ctx, ch)
	if err != nil {
		return err
	}
	return wr.api.ReorderFields(ctx, typeID, moves)
}
