package cli

import (
	"context"
	"fmt"
	"slices"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// createdSince lists the creates of a saved plan whose object exists now:
// an organization or flexible asset type of that name, a field of that
// name in its (live) type, or an asset of that name in its (live)
// organization and type. A plan applied twice, or overtaken by a hand
// edit, would otherwise create duplicates: IT Glue has no idempotent
// create. Assets are compared by their name, which is their identity
// unless the repository matches them on other fields than the title.
// Objects the plan itself renames or deletes first do not count. Each
// entry says what exists, for the refusal.
func createdSince(ctx context.Context, c *client.Client, p *plan.Plan) ([]string, error) {
	var orgs, types []string
	fieldsOf := map[int64][]*plan.Change{} // live type id -> field creates
	type place struct{ typ, org int64 }
	assetsIn := map[place][]*plan.Change{}
	for i := range p.Changes {
		ch := &p.Changes[i]
		if ch.Action != plan.Create {
			continue
		}
		switch ch.Kind {
		case plan.KindOrganization:
			orgs = append(orgs, ch.Name)
		case plan.KindAssetType:
			types = append(types, ch.Name)
		case plan.KindField:
			if t := liveRef(ch, "flexible-asset-type-id"); t != 0 {
				fieldsOf[t] = append(fieldsOf[t], ch)
			}
		case plan.KindAsset:
			t, o := liveRef(ch, "flexible-asset-type-id"), liveRef(ch, "organization-id")
			if t != 0 && o != 0 {
				assetsIn[place{t, o}] = append(assetsIn[place{t, o}], ch)
			}
		}
	}
	// A live object the plan renames or deletes before its creates run
	// (a rename whose old name a new object reuses) is no conflict.
	leaving := map[plan.Kind]map[int64]bool{}
	for i := range p.Changes {
		ch := &p.Changes[i]
		renames := slices.ContainsFunc(ch.Diffs, func(d plan.Diff) bool { return d.Path == "name" })
		if ch.LiveID != 0 && (ch.Action == plan.Delete || ch.Action == plan.Update && (renames || ch.Kind == plan.KindAsset)) {
			if leaving[ch.Kind] == nil {
				leaving[ch.Kind] = map[int64]bool{}
			}
			leaving[ch.Kind][ch.LiveID] = true
		}
	}
	var found []string
	if len(orgs) > 0 {
		live, err := c.Organizations.List(ctx, &client.OrganizationListOptions{Names: orgs})
		if err != nil {
			return nil, fmt.Errorf("checking that the organizations to create do not exist yet: %w", err)
		}
		for _, o := range live {
			if leaving[plan.KindOrganization][o.ID] {
				continue
			}
			found = append(found, fmt.Sprintf("organization %q (id %d)", o.Name, o.ID))
		}
	}
	if len(types) > 0 {
		live, err := c.FlexibleAssetTypes.List(ctx, types...)
		if err != nil {
			return nil, fmt.Errorf("checking that the flexible asset types to create do not exist yet: %w", err)
		}
		for _, t := range live {
			if leaving[plan.KindAssetType][t.ID] {
				continue
			}
			found = append(found, fmt.Sprintf("flexible asset type %q (id %d)", t.Name, t.ID))
		}
	}
	for id, chs := range fieldsOf {
		t, err := c.FlexibleAssetTypes.Get(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("checking that the fields to create do not exist yet: %w", err)
		}
		for _, ch := range chs {
			for _, f := range t.Fields {
				if f.Name == ch.Name && !leaving[plan.KindField][f.ID] {
					found = append(found, fmt.Sprintf("field %q of %q (id %d)", f.Name, t.Name, f.ID))
				}
			}
		}
	}
	for pl, chs := range assetsIn {
		live, err := c.FlexibleAssets.List(ctx, pl.typ, &client.FlexibleAssetListOptions{OrganizationID: pl.org})
		if err != nil {
			return nil, fmt.Errorf("checking that the flexible assets to create do not exist yet: %w", err)
		}
		byName := make(map[string][]int64, len(live))
		for _, a := range live {
			if !leaving[plan.KindAsset][a.ID] {
				byName[a.Name] = append(byName[a.Name], a.ID)
			}
		}
		for _, ch := range chs {
			for _, id := range byName[ch.Name] {
				found = append(found, fmt.Sprintf("flexible asset %q in %q (id %d)", ch.Name, ch.Organization, id))
			}
		}
	}
	slices.Sort(found)
	return found, nil
}

// liveRef is the live id a create's Write refers to under attr, or 0 when
// it refers to an object created earlier in the same plan (or to nothing).
func liveRef(ch *plan.Change, attr string) int64 {
	if ch.Write == nil {
		return 0
	}
	return ch.Write.Refs[attr].ID
}

// refuseCreatedSince returns the error that ends an apply of a saved plan
// when objects it would create exist now.
func refuseCreatedSince(found []string) error {
	const most = 10
	list := found
	if len(found) > most {
		list = found[:most]
	}
	lines := []string{fmt.Sprintf("%d %s this plan would create %s now (was the plan applied already?):",
		len(found), plural(len(found), "object", "objects"), plural(len(found), "exists", "exist"))}
	for _, f := range list {
		lines = append(lines, "  "+f)
	}
	if len(found) > most {
		lines = append(lines, fmt.Sprintf("  … and %d more", len(found)-most))
	}
	return &linesError{lines: append(lines, "nothing was applied; run plan again")}
}
