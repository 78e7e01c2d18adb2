package apply

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

func (r *runner) writeAsset(ctx context.Context, ch *plan.Change) (int64, error) {
	a := r.attrs(ch.Write)
	w := client.FlexibleAssetWrite{
		Archived:   get[bool](a, "archived"),
		Restricted: get[bool](a, "restricted"),
	}
	orgID, typeID := a.id("organization-id"), a.id("flexible-asset-type-id")
	if err := a.check("flexible asset"); err != nil {
		return 0, err
	}
	traits, err := r.traits(ch)
	if err != nil {
		return 0, err
	}
	w.Traits = traits
	if ch.Action != plan.Create {
		got, err := r.api.FlexibleAssets.Update(ctx, ch.LiveID, w)
		if err != nil {
			return 0, err
		}
		return got.ID, nil
	}
	if w.Traits == nil {
		w.Traits = map[string]any{}
	}
	if orgID == nil {
		id, err := r.parentID(ctx, plan.KindOrganization, ch.Organization)
		if err != nil {
			return 0, err
		}
		orgID = &id
	}
	if typeID == nil {
		id, err := r.parentID(ctx, plan.KindAssetType, ch.AssetType)
		if err != nil {
			return 0, err
		}
		typeID = &id
	}
	w.OrganizationID, w.FlexibleAssetTypeID = *orgID, *typeID
	// After an ambiguous failure the client re-lists and takes an asset
	// whose plain traits all equal ours as the one we created.
	keys := make([]string, 0, len(ch.Write.Traits))
	for k := range ch.Write.Traits {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	got, err := r.api.FlexibleAssets.CreateSafe(ctx, *orgID, []client.FlexibleAssetWrite{w}, client.MatchTraits(keys...))
	if err != nil {
		return 0, err
	}
	return got[0].ID, nil
}

// traits assembles an asset's full trait set: plain traits as planned, Tag
// traits with their references resolved to ids, Password traits read from
// the environment now. Nil when the change sets no traits at all (an update
// that only archives).
func (r *runner) traits(ch *plan.Change) (map[string]any, error) {
	pw := ch.Write
	if pw == nil || (pw.Traits == nil && pw.Tags == nil && pw.Secrets == nil) {
		return nil, nil
	}
	out := make(map[string]any, len(pw.Traits)+len(pw.Tags)+len(pw.Secrets))
	for k, v := range pw.Traits {
		out[k] = json.RawMessage(v)
	}
	for k, refs := range pw.Tags {
		ids := make([]int64, 0, len(refs))
		for _, ref := range refs {
			id, err := r.ref(ref)
			if err != nil {
				return nil, fmt.Errorf("trait %q: %w", k, err)
			}
			ids = append(ids, id)
		}
		out[k] = ids
	}
	for k, src := range pw.Secrets {
		v := ""
		if r.opts.Getenv != nil && src.Env != "" {
			v = r.opts.Getenv(src.Env)
		}
		if v == "" {
			if src.Env == "" {
				return nil, fmt.Errorf("the Password trait %q names no environment variable", k)
			}
			return nil, fmt.Errorf("environment variable %s is not set: it holds the Password trait %q; set it and run apply again", src.Env, k)
		}
		r.secrets = append(r.secrets, v)
		out[k] = v
	}
	return out, nil
}
