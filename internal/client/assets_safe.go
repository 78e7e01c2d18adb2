package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
)

// AssetMatch reports whether live is the asset that want would have
// created. CreateSafe calls it only for live assets of want's type and
// organization, and only after an ambiguous failure, when the caller has
// already established that no such asset existed before (the plan said
// "create").
type AssetMatch func(want FlexibleAssetWrite, live FlexibleAsset) bool

// MatchTraits matches an asset whose traits named by keys equal the
// desired ones (compared as JSON; Tag traits compared by id). Use the
// traits that make an asset's identity, e.g. its use-for-title fields.
func MatchTraits(keys ...string) AssetMatch {
	return func(want FlexibleAssetWrite, live FlexibleAsset) bool {
		for _, k := range keys {
			w, err := json.Marshal(want.Traits[k])
			if err != nil || !sameTrait(w, live.Traits.Value(k)) {
				return false
			}
		}
		return true
	}
}

// sameTrait compares a desired value with a live one.
func sameTrait(want, live json.RawMessage) bool {
	if len(bytes.TrimSpace(live)) == 0 {
		live = jsonNull
	}
	if wi, ok := TagIDs(want); ok && IsExpandedTag(live) {
		li, _ := TagIDs(live)
		if len(wi) != len(li) {
			return false
		}
		for i := range wi {
			if wi[i] != li[i] {
				return false
			}
		}
		return true
	}
	var a, b any
	if json.Unmarshal(want, &a) != nil || json.Unmarshal(live, &b) != nil {
		return false
	}
	wa, _ := json.Marshal(a)
	lb, _ := json.Marshal(b)
	return bytes.Equal(wa, lb)
}

// CreateSafe creates assets of one organization like CreateInOrganization,
// but after an ambiguous failure it re-lists the organization's assets of
// the types involved, takes the ones match recognises as created (active
// ones only, unless the write archives), and creates only the rest. It
// returns the assets in the order of ws. When it fails after some assets
// were created (a later batch refused, say), the error is a
// *PartialCreateError and the result holds the created assets (ID 0 for
// the others); when nothing was created the result is nil.
func (s *FlexibleAssetsService) CreateSafe(ctx context.Context, orgID int64, ws []FlexibleAssetWrite, match AssetMatch) ([]FlexibleAsset, error) {
	if match == nil {
		return nil, fmt.Errorf("creating flexible assets in organization %d: a match function is required", orgID)
	}
	out := make([]FlexibleAsset, len(ws))
	used := map[int64]bool{}
	pending := make([]int, len(ws))
	for i := range pending {
		pending[i] = i
	}
	for attempt := 0; len(pending) > 0; attempt++ {
		batch := make([]FlexibleAssetWrite, len(pending))
		for j, i := range pending {
			batch[j] = ws[i]
		}
		created, err := s.CreateInOrganization(ctx, orgID, batch)
		for j, a := range created {
			out[pending[j]] = a
			used[a.ID] = true
		}
		if err == nil {
			return out, nil
		}
		if !IsAmbiguous(err) || attempt == maxCreateAttempts-1 {
			return partial(out, len(used), err)
		}
		pending = pending[len(created):]
		still, lerr := s.recover(ctx, orgID, ws, pending, match, out, used)
		if lerr != nil {
			return partial(out, len(used), fmt.Errorf("%w (and re-listing to see what was created failed: %v)", err, lerr))
		}
		pending = still
	}
	return out, nil
}

// recover re-lists and fills out[i] for each pending i that match finds,
// returning the indices still missing.
func (s *FlexibleAssetsService) recover(ctx context.Context, orgID int64, ws []FlexibleAssetWrite, pending []int, match AssetMatch, out []FlexibleAsset, used map[int64]bool) ([]int, error) {
	live := map[int64][]FlexibleAsset{}
	for _, i := range pending {
		t := ws[i].FlexibleAssetTypeID
		if _, done := live[t]; done {
			continue
		}
		as, err := s.List(ctx, t, &FlexibleAssetListOptions{OrganizationID: orgID})
		if err != nil {
			return nil, err
		}
		live[t] = as
	}
	var still []int
	for _, i := range pending {
		found := false
		archived := ws[i].Archived != nil && *ws[i].Archived
		for _, a := range live[ws[i].FlexibleAssetTypeID] {
			// A create makes an active asset (unless asked otherwise): an
			// archived twin with the same traits predates this call.
			if !used[a.ID] && a.Archived == archived && match(ws[i], a) {
				out[i], used[a.ID], found = a, true, true
				s.c.stats.add(func(s *Stats) { s.Recovered++ })
				break
			}
		}
		if !found {
			still = append(still, i)
		}
	}
	return still, nil
}
