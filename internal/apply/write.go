package apply

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// write performs one change's request and returns the object's live id.
func (r *runner) write(ctx context.Context, ch *plan.Change) (int64, error) {
	if ch.Action == plan.Delete {
		return ch.LiveID, r.delete(ctx, ch)
	}
	if ch.Action == plan.Update && ch.LiveID == 0 {
		return 0, fmt.Errorf("the plan updates %s without its live id", ch.ID)
	}
	switch ch.Kind {
	case plan.KindOrganization:
		return r.writeOrganization(ctx, ch)
	case plan.KindAssetType:
		return r.writeType(ctx, ch)
	case plan.KindField:
		return r.writeField(ctx, ch)
	case plan.KindAsset:
		return r.writeAsset(ctx, ch)
	}
	return 0, fmt.Errorf("unknown kind %q", ch.Kind)
}

func (r *runner) delete(ctx context.Context, ch *plan.Change) error {
	if ch.LiveID == 0 {
		return fmt.Errorf("the plan deletes %s without its live id", ch.ID)
	}
	switch ch.Kind {
	case plan.KindOrganization:
		return r.api.Organizations.Delete(ctx, ch.LiveID)
	case plan.KindField:
		return r.api.FlexibleAssetFields.Delete(ctx, ch.LiveID)
	case plan.KindAsset:
		return r.api.FlexibleAssets.Delete(ctx, ch.LiveID)
	case plan.KindAssetType:
		return fmt.Errorf("IT Glue cannot delete flexible asset types through its API; disable the type instead (enabled: false)")
	}
	return fmt.Errorf("unknown kind %q", ch.Kind)
}

func (r *runner) writeOrganization(ctx context.Context, ch *plan.Change) (int64, error) {
	a := r.attrs(ch.Write)
	w := client.OrganizationWrite{
		Name:                 get[string](a, "name"),
		Description:          get[string](a, "description"),
		Alert:                get[string](a, "alert"),
		QuickNotes:           get[string](a, "quick-notes"),
		ShortName:            get[string](a, "short-name"),
		OrganizationTypeID:   a.id("organization-type-id"),
		OrganizationStatusID: a.id("organization-status-id"),
		ParentID:             a.id("parent-id"),
	}
	w.Clear = a.clear
	if err := a.check("organization"); err != nil {
		return 0, err
	}
	if ch.Action == plan.Create {
		if w.Name == nil {
			w.Name = &ch.Name
		}
		o, err := r.api.Organizations.CreateSafe(ctx, w)
		return o.ID, err
	}
	o, err := r.api.Organizations.Update(ctx, ch.LiveID, w)
	if err != nil {
		return 0, err
	}
	return o.ID, nil
}

func (r *runner) writeType(ctx context.Context, ch *plan.Change) (int64, error) {
	a := r.attrs(ch.Write)
	w := client.FlexibleAssetTypeWrite{
		Name:        get[string](a, "name"),
		Description: get[string](a, "description"),
		Icon:        get[string](a, "icon"),
		Enabled:     get[bool](a, "enabled"),
		ShowInMenu:  get[bool](a, "show-in-menu"),
	}
	w.Clear = a.clear
	var nested []json.RawMessage
	if raw, ok := a.m["fields"]; ok && ch.Action == plan.Create {
		a.taken["fields"] = true
		if err := json.Unmarshal(raw, &nested); err != nil {
			return 0, fmt.Errorf("attribute \"fields\": want a list of field attribute objects: %w", err)
		}
	}
	if err := a.check("flexible asset type"); err != nil {
		return 0, err
	}
	if ch.Action != plan.Create {
		t, err := r.api.FlexibleAssetTypes.Update(ctx, ch.LiveID, w)
		if err != nil {
			return 0, err
		}
		return t.ID, nil
	}
	if w.Name == nil {
		w.Name = &ch.Name
	}
	for i, raw := range nested {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return 0, fmt.Errorf("attribute \"fields\"[%d]: %w", i, err)
		}
		fw, err := r.fieldWrite(&plan.Write{Attributes: m})
		if err != nil {
			return 0, fmt.Errorf("field %d: %w", i+1, err)
		}
		w.Fields = append(w.Fields, fw)
	}
	absorbed := r.absorbFields(ch)
	for _, fc := range absorbed {
		fw, err := r.fieldWrite(fc.Write)
		if err != nil {
			return 0, fmt.Errorf("field %s: %w", fc.Name, err)
		}
		if fw.Name == nil {
			fw.Name = &fc.Name
		}
		w.Fields = append(w.Fields, fw)
	}
	t, err := r.api.FlexibleAssetTypes.CreateSafe(ctx, w)
	if err != nil {
		return 0, err
	}
	fields := t.Fields
	if len(absorbed) > 0 && len(fields) == 0 {
		// The create's answer did not carry the fields: read them.
		if fields, err = r.api.FlexibleAssetFields.List(ctx, t.ID); err != nil {
			return t.ID, fmt.Errorf("created flexible asset type %d, then reading its fields failed: %w", t.ID, err)
		}
	}
	for _, fc := range absorbed {
		for _, f := range fields {
			if f.Name == fc.Name {
				r.absorbed[fc.ID] = f.ID
			}
		}
	}
	return t.ID, nil
}

// absorbFields returns the field creates of a type being created that can
// go in the type's own POST (IT Glue wants a type's first fields in its
// create request): those of the same type that depend on nothing else and
// refer to nothing not yet created.
func (r *runner) absorbFields(tc *plan.Change) []*plan.Change {
	var out []*plan.Change
	for i := range r.p.Changes {
		fc := &r.p.Changes[i]
		if fc.Kind != plan.KindField || fc.Action != plan.Create || fc.AssetType != tc.Name {
			continue
		}
		ok := true
		for _, d := range fc.DependsOn {
			if d != tc.ID {
				if s, seen := r.status[d]; !seen || s != Applied {
					ok = false
				}
			}
		}
		if fc.Write != nil {
			for _, raw := range fc.Write.Attributes {
				var ref plan.Ref
				if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '{' && json.Unmarshal(raw, &ref) == nil && ref.Change != "" {
					if s, seen := r.status[ref.Change]; !seen || s != Applied {
						ok = false
					}
				}
			}
		}
		if ok {
			out = append(out, fc)
		}
	}
	return out
}

// fieldWrite builds a field's create or update body.
func (r *runner) fieldWrite(pw *plan.Write) (client.FlexibleAssetFieldWrite, error) {
	a := r.attrs(pw)
	w := client.FlexibleAssetFieldWrite{
		Order:        get[int64](a, "order"),
		Name:         get[string](a, "name"),
		Kind:         get[string](a, "kind"),
		Hint:         get[string](a, "hint"),
		Decimals:     get[int64](a, "decimals"),
		DefaultValue: get[string](a, "default-value"),
		Required:     get[bool](a, "required"),
		UseForTitle:  get[bool](a, "use-for-title"),
		Expiration:   get[bool](a, "expiration"),
		ShowInList:   get[bool](a, "show-in-list"),
	}
	if raw, ok := a.m["tag-type"]; ok {
		if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '{' {
			if id := a.id("tag-type"); id != nil {
				s := "FlexibleAssetType: " + strconv.FormatInt(*id, 10)
				w.TagType = &s
			}
		} else {
			w.TagType = get[string](a, "tag-type")
		}
	}
	a.taken["flexible-asset-type-id"] = true // the type comes from the change itself
	w.Clear = a.clear
	return w, a.check("flexible asset field")
}

func (r *runner) writeField(ctx context.Context, ch *plan.Change) (int64, error) {
	if id, ok := r.absorbed[ch.ID]; ok {
		return id, nil
	}
	w, err := r.fieldWrite(ch.Write)
	if err != nil {
		return 0, err
	}
	var typeID int64
	if ch.Write != nil {
		if _, ok := ch.Write.Attributes["flexible-asset-type-id"]; ok {
			a := r.attrs(ch.Write)
			if id := a.id("flexible-asset-type-id"); id != nil {
				typeID = *id
			} else if a.err != nil {
				return 0, a.err
			}
		}
	}
	if typeID == 0 && ch.Action == plan.Create {
		if typeID, err = r.parentID(ctx, plan.KindAssetType, ch.AssetType); err != nil {
			return 0, err
		}
	}
	if ch.Action == plan.Create {
		if w.Name == nil {
			w.Name = &ch.Name
		}
		fs, err := r.api.FlexibleAssetFields.CreateSafe(ctx, typeID, []client.FlexibleAssetFieldWrite{w})
		if err != nil {
			return 0, err
		}
		r.touched[touchKey(plan.KindAssetType, typeID)] = true
		return fs[0].ID, nil
	}
	f, err := r.api.FlexibleAssetFields.Update(ctx, ch.LiveID, w)
	if err != nil {
		return 0, err
	}
	r.touched[touchKey(plan.KindAssetType, f.FlexibleAssetTypeID)] = true
	return f.ID, nil
}
