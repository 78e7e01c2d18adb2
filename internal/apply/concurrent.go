package apply

import (
	"context"
	"errors"
	"fmt"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// Two applies of one repository may run at once (two CI runs, two people):
// each planned "create" for the same objects, and IT Glue has no
// idempotent create. Apply narrows and repairs that race in three steps
// (docs/apply.md says what each guarantees):
//
//   - right before each create (each wave of asset creates), it re-lists
//     the place it creates in and refuses, as stale, an object that
//     appeared there since the plan (recheck*);
//   - it remembers which assets it created itself: the ids a POST returned
//     (mine), apart from those it only found by re-listing after an
//     unknown outcome (recovered), which might be another run's;
//   - after the last change, it sweeps: it re-lists where it created
//     assets, and where an exact twin of one of them (same name and plain
//     traits, not in the account at plan time, not this run's) was created
//     earlier than its own, it deletes its own copy and points its own
//     tags at the twin (sweep). It never deletes what it did not create.

// concurrency is the runner's memory for recheck and sweep.
type concurrency struct {
	// known are the live asset ids the plan saw (its changes' and its
	// unmanaged list's): an asset not among them appeared since the plan.
	known map[int64]bool
	// mine are the assets this run created, as a POST returned them, with
	// the change and the write that made each.
	mine map[int64]created
	// recovered are assets this run took for its own after a POST with an
	// unknown outcome, by re-listing: perhaps another run's twin.
	recovered map[int64]bool
}

// created is an asset this run created.
type created struct {
	ch *plan.Change
	w  client.FlexibleAssetWrite
}

func newConcurrency(p *plan.Plan) concurrency {
	c := concurrency{known: map[int64]bool{}, mine: map[int64]created{}, recovered: map[int64]bool{}}
	for _, ch := range p.Changes {
		if ch.Kind == plan.KindAsset && ch.LiveID != 0 {
			c.known[ch.LiveID] = true
		}
	}
	for _, u := range p.Unmanaged {
		if u.Kind == plan.KindAsset {
			c.known[u.LiveID] = true
		}
	}
	return c
}

// ours reports whether this run created, or took for its own, asset id.
func (c *concurrency) ours(id int64) bool {
	_, mine := c.mine[id]
	return mine || c.recovered[id]
}

// matcher is the AssetMatch apply gives CreateSafe: samePlainTraits, and it
// remembers each asset it recognises as recovered.
func (c *concurrency) matcher() client.AssetMatch {
	return func(want client.FlexibleAssetWrite, live client.FlexibleAsset) bool {
		if c.known[live.ID] || c.ours(live.ID) || !samePlainTraits(want, live) {
			return false
		}
		c.recovered[live.ID] = true
		return true
	}
}

// remember records assets a create returned as this run's own (unless
// they were recovered by re-listing).
func (c *concurrency) remember(ch *plan.Change, w client.FlexibleAssetWrite, id int64) {
	if id != 0 && !c.recovered[id] {
		c.mine[id] = created{ch: ch, w: w}
	}
}

// appeared reports an asset of the listed ones that appeared since the
// plan and that the create of ch (written as w) would duplicate: not known
// to the plan, not this run's, the same archived state, and the same name
// or the same plain traits. Its message says so, or "" when none.
func (c *concurrency) appeared(ch *plan.Change, w client.FlexibleAssetWrite, live []client.FlexibleAsset) string {
	archived := w.Archived != nil && *w.Archived
	for _, a := range live {
		if c.known[a.ID] || c.ours(a.ID) || a.Archived != archived {
			continue
		}
		if a.Name == ch.Name || samePlainTraits(w, a) {
			return fmt.Sprintf("a flexible asset like it appeared since the plan (id %d, %q): another apply may be running; not created again, run plan again", a.ID, a.Name)
		}
	}
	return ""
}

// recheckMembers re-lists, right before a wave of asset creates, the
// assets of the wave's organization for each type in it, and takes out of
// the wave (reporting them stale in r.lg.early) the creates whose object
// appeared since the plan. A list that fails fails its members.
func (r *runner) recheckMembers(ctx context.Context, ms []member) []member {
	if len(ms) == 0 {
		return ms
	}
	orgID := ms[0].w.OrganizationID
	live := map[int64][]client.FlexibleAsset{}
	failed := map[int64]error{}
	var keep []member
	for _, m := range ms {
		typ := m.w.FlexibleAssetTypeID
		if _, ok := live[typ]; !ok && failed[typ] == nil {
			as, err := r.api.Assets(ctx, typ, orgID)
			if err != nil {
				failed[typ] = err
			} else {
				live[typ] = as
			}
		}
		if err := failed[typ]; err != nil {
			r.lg.early[m.ch.ID] = Result{Status: Failed, Message: r.clean(m.ch, fmt.Errorf("re-checking that it does not exist yet: %w", err))}
			continue
		}
		if why := r.conc.appeared(m.ch, m.w, live[typ]); why != "" {
			r.lg.early[m.ch.ID] = Result{Status: Stale, Message: why}
			continue
		}
		keep = append(keep, m)
	}
	return keep
}

// recheck re-checks, right before a single create, that its object does
// not exist now: an organization or type of its name, a field of its name
// in its type (findNamed), an asset like it (see appeared) in its
// organization and type. It returns why the create is stale, or "".
func (wr *writer) recheck(ctx context.Context, ch *plan.Change) (string, error) {
	switch ch.Kind {
	case plan.KindField:
		if ch.Write != nil && len(ch.Write.Orders) > 0 {
			return "", nil
		}
	case plan.KindAsset:
		w, err := wr.assetPlace(ctx, ch)
		if err != nil {
			return "", nil // the write reports it
		}
		live, err := wr.api.Assets(ctx, w.FlexibleAssetTypeID, w.OrganizationID)
		if err != nil {
			return "", err
		}
		return wr.conc.appeared(ch, w, live), nil
	}
	n, found, err := wr.findNamed(ctx, ch)
	switch {
	case errors.Is(err, errNoFieldType):
		return "", nil // the write reports it
	case err != nil:
		return "", err
	case !found:
		return "", nil
	}
	const again = "another apply may be running; not created again, run plan again"
	switch ch.Kind {
	case plan.KindOrganization:
		return fmt.Sprintf("an organization of this name appeared since the plan (id %d): %s", n.id, again), nil
	case plan.KindAssetType:
		return fmt.Sprintf("a flexible asset type of this name appeared since the plan (id %d): %s", n.id, again), nil
	}
	return fmt.Sprintf("a field of this name appeared in %q since the plan (id %d): %s", n.typ.Name, n.id, again), nil
}

// named is an organization, type or field found by the name its create
// gives it.
type named struct {
	id  int64
	typ client.FlexibleAssetType // the type found (with its fields), or the field's type
	key string                   // a field's name-key
}

// errNoFieldType means findNamed could not resolve a field create's type
// (the write reports why).
var errNoFieldType = errors.New("the field's flexible asset type is unknown")

// findNamed looks up, by name, the object an organization, type or field
// create makes (a field within its type): found is false when there is
// none, and for any other kind of change.
func (wr *writer) findNamed(ctx context.Context, ch *plan.Change) (n named, found bool, err error) {
	switch ch.Kind {
	case plan.KindOrganization:
		orgs, err := wr.api.Organizations(ctx, []string{ch.Name})
		if err != nil {
			return named{}, false, err
		}
		for _, o := range orgs {
			if o.Name == ch.Name {
				return named{id: o.ID}, true, nil
			}
		}
	case plan.KindAssetType:
		types, err := wr.api.AssetTypes(ctx, []string{ch.Name})
		if err != nil {
			return named{}, false, err
		}
		for _, t := range types { // listed with their fields
			if t.Name == ch.Name {
				return named{id: t.ID, typ: t}, true, nil
			}
		}
	case plan.KindField:
		typeID, err := wr.fieldType(ctx, ch)
		if err != nil {
			return named{}, false, errNoFieldType
		}
		t, err := wr.api.AssetType(ctx, typeID)
		if err != nil {
			return named{}, false, err
		}
		for _, f := range t.Fields {
			if f.Name == ch.Name {
				return named{id: f.ID, typ: t, key: f.NameKey}, true, nil
			}
		}
	}
	return named{}, false, nil
}

// assetPlace is an asset create's organization, type, archived state and
// plain traits: what appeared compares, without reading secrets or files.
func (wr *writer) assetPlace(ctx context.Context, ch *plan.Change) (client.FlexibleAssetWrite, error) {
	a := wr.attrs(ch.Write)
	w := client.FlexibleAssetWrite{Archived: get[bool](a, "archived"), Traits: map[string]any{}}
	orgID, typeID := a.id("organization-id"), a.id("flexible-asset-type-id")
	if a.err != nil {
		return w, a.err
	}
	if ch.Write != nil {
		for k, v := range ch.Write.Traits {
			key, err := wr.traitKey(ctx, ch.Write, k)
			if err != nil {
				return w, err
			}
			w.Traits[key] = v
		}
	}
	var err error
	w.OrganizationID, w.FlexibleAssetTypeID, err = wr.assetParents(ctx, ch, orgID, typeID)
	return w, err
}
