package reconcile

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// resolveTag turns one tag reference into a live id or the change that
// creates the tagged object. Unknown and ambiguous names are errors at the
// reference's position.
func (ap *assetPlanner) resolveTag(st *assetState, tv *spec.TraitValue, r spec.TagRef) (plan.Ref, bool) {
	a := st.want
	switch {
	case r.Kind == spec.TagKindAsset:
		target, ok := ap.declaredAsset(assetKey{r.Organization, r.AssetType, r.Name})
		if !ok {
			ap.out.errf(r.Pos, "", "trait %q: no declared %q asset called %q in organization %q", tv.Key, r.AssetType, r.Name, r.Organization)
			return plan.Ref{}, false
		}
		ts := ap.assetState(target)
		if ts.failed {
			ap.out.errf(r.Pos, "", "trait %q: the tagged asset %q could not be planned (see its own error)", tv.Key, r.Name)
			return plan.Ref{}, false
		}
		return ts.ref(), true
	case r.Kind == "Organizations":
		return ap.resolveOrgTag(tv, r)
	case isTagTargetKind(r.Kind):
		return ap.resolveTargetTag(tv, r)
	default:
		ap.out.errf(r.Pos, "tag by name only "+strings.Join(TagTargetKinds(), ", ")+", organizations and flexible assets",
			"trait %q of asset %q: glue-sync cannot look up %s by name", tv.Key, assetName(a), r.Kind)
		return plan.Ref{}, false
	}
}

// resolveOrgTag resolves a tag to an organization: a declared one (its
// live id or its create), else a live one by name.
func (ap *assetPlanner) resolveOrgTag(tv *spec.TraitValue, r spec.TagRef) (plan.Ref, bool) {
	if os := ap.in.orgs.byName[r.Name]; os != nil {
		return os.ref(), true
	}
	var hits []int64
	for _, o := range ap.in.live.Organizations {
		if o.Name == r.Name {
			hits = append(hits, o.ID)
		}
	}
	if len(hits) == 1 {
		return plan.Ref{ID: hits[0]}, true
	}
	var names []string
	for _, o := range ap.in.live.Organizations {
		names = append(names, o.Name)
	}
	return ap.oneHit(r, tv, "organization", "organizations", hits, names)
}

// resolveTargetTag resolves a tag to a configuration, contact, domain,
// location or password, by name in the live organization it names.
func (ap *assetPlanner) resolveTargetTag(tv *spec.TraitValue, r spec.TagRef) (plan.Ref, bool) {
	os := ap.in.orgs.byName[r.Organization]
	if os == nil {
		ap.out.errf(r.Pos, "declare it with kind: Organization", "trait %q: unknown organization %q", tv.Key, r.Organization)
		return plan.Ref{}, false
	}
	if os.live == nil {
		ap.out.errf(r.Pos, "create the organization first, add its "+strings.ToLower(r.Kind)+" in IT Glue, then tag them",
			"trait %q: organization %q does not exist in the account yet, so it has no %s to tag", tv.Key, r.Organization, strings.ToLower(r.Kind))
		return plan.Ref{}, false
	}
	byOrg, read := ap.in.live.TagTargets[r.Kind]
	if !read {
		ap.out.errf(r.Pos, "", "trait %q: the %s of organization %q were not read from the account", tv.Key, strings.ToLower(r.Kind), r.Organization)
		return plan.Ref{}, false
	}
	var hits []int64
	for _, t := range byOrg[os.live.ID] {
		if t.Name == r.Name {
			hits = append(hits, t.ID)
		}
	}
	if len(hits) == 1 {
		return plan.Ref{ID: hits[0]}, true
	}
	var names []string
	for _, t := range byOrg[os.live.ID] {
		names = append(names, t.Name)
	}
	of := " of organization " + quote(r.Organization)
	return ap.oneHit(r, tv, singular(r.Kind)+of, strings.ToLower(r.Kind)+of, hits, names)
}

func (ap *assetPlanner) oneHit(r spec.TagRef, tv *spec.TraitValue, what, whats string, hits []int64, names []string) (plan.Ref, bool) {
	switch len(hits) {
	case 1:
		return plan.Ref{ID: hits[0]}, true
	case 0:
		ap.out.errf(r.Pos, didYouMean(r.Name, names), "trait %q: no %s is called %q", tv.Key, what, r.Name)
	default:
		ids := make([]string, len(hits))
		for i, h := range hits {
			ids[i] = fmt.Sprint(h)
		}
		ap.out.errf(r.Pos, "rename one of them in IT Glue so the name is unique", "trait %q: %d %s are called %q (ids %s)",
			tv.Key, len(hits), whats, r.Name, strings.Join(ids, ", "))
	}
	return plan.Ref{}, false
}

// tagNames shows a live Tag trait: the tagged objects' names when the API
// expanded them, else their ids.
func tagNames(raw json.RawMessage) []string {
	var tag struct {
		Values []struct {
			ID   json.RawMessage `json:"id"`
			Name *string         `json:"name"`
		} `json:"values"`
	}
	if json.Unmarshal(raw, &tag) == nil && tag.Values != nil {
		out := make([]string, len(tag.Values))
		for i, v := range tag.Values {
			if v.Name != nil {
				out[i] = *v.Name
			} else {
				out[i] = "#" + strings.Trim(string(v.ID), `"`)
			}
		}
		return out
	}
	ids, _ := client.TagIDs(raw)
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = fmt.Sprintf("#%d", id)
	}
	return out
}

// sameTags reports whether the resolved refs tag exactly the live ids.
func sameTags(refs []plan.Ref, live []int64) bool {
	want := make([]int64, 0, len(refs))
	for _, r := range refs {
		if r.Change != "" {
			return false
		}
		want = append(want, r.ID)
	}
	slices.Sort(want)
	want = slices.Compact(want)
	got := slices.Clone(live)
	slices.Sort(got)
	return slices.Equal(want, slices.Compact(got))
}

func singular(kind string) string { return strings.ToLower(strings.TrimSuffix(kind, "s")) }

func quote(s string) string { return fmt.Sprintf("%q", s) }
