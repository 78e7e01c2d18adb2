package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/google/go-cmp/cmp"
)

// fixedNow makes two sandboxes stamp identical timestamps.
func fixedNow() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }

// accountSeed generates a sandbox seed (JSON, which the YAML seed reader
// accepts) with orgs organizations, types types and assets assets spread
// evenly over the types and round-robin over the organizations.
func accountSeed(orgs, types, assets int) string {
	type m = map[string]any
	var os, ts, as []m
	for i := range orgs {
		os = append(os, m{"name": fmt.Sprintf("Org %03d, Inc.", i), "type": "Customer", "status": "Active",
			"configurations": []m{{"name": fmt.Sprintf("srv-%03d", i), "hostname": fmt.Sprintf("srv-%03d.example", i)}}})
	}
	for k := range types {
		ts = append(ts, m{"name": fmt.Sprintf("Type %02d", k), "icon": "book", "fields": []m{
			{"name": "Title", "kind": "Text", "required": true, "use_for_title": true, "show_in_list": true},
			{"name": "Notes", "kind": "Textbox"},
			{"name": "Count", "kind": "Number", "decimals": 0},
			{"name": "Tier", "kind": "Select", "options": []string{"Gold", "Silver"}},
			{"name": "Server", "kind": "Tag", "tag_type": "Configurations"},
			{"name": "Done", "kind": "Checkbox"},
		}})
	}
	for j := range assets {
		k, o := j%types, j%orgs
		as = append(as, m{"organization": fmt.Sprintf("Org %03d, Inc.", o), "type": fmt.Sprintf("Type %02d", k), "traits": m{
			"Title": fmt.Sprintf("asset %05d", j), "Notes": strings.Repeat("note ", 20), "Count": j,
			"Tier": []string{"Gold", "Silver"}[j%2], "Server": fmt.Sprintf("srv-%03d", o), "Done": j%3 == 0,
		}})
	}
	b, _ := json.Marshal(m{"organization_types": []string{"Customer"}, "organization_statuses": []string{"Active"},
		"organizations": os, "flexible_asset_types": ts, "flexible_assets": as})
	return string(b)
}

// account is everything a plan reads.
type account struct {
	Orgs   []client.Organization
	Types  []client.FlexibleAssetType
	Assets map[int64][]client.FlexibleAsset
}

// readAccount reads organizations, types with fields and every type's
// assets, fetching each collection once.
func readAccount(ctx context.Context, c *client.Client) (account, error) {
	var a account
	var err error
	if a.Orgs, err = c.Organizations.List(ctx, nil); err != nil {
		return a, err
	}
	if a.Types, err = c.FlexibleAssetTypes.List(ctx); err != nil {
		return a, err
	}
	ids := make([]int64, len(a.Types))
	for i, t := range a.Types {
		ids[i] = t.ID
	}
	a.Assets, err = c.FlexibleAssets.ListByTypes(ctx, ids, nil)
	return a, err
}

// minPages is the fewest page requests that can read n objects.
func minPages(n int) int64 { return int64(max(1, (n+999)/1000)) }

// diffAccounts compares two reads: a cheap comparison of their JSON forms
// first (cmp.Diff over 20,000 assets is slow under -race), then cmp.Diff
// only to describe a difference.
func diffAccounts(want, got account) string {
	a, errA := json.Marshal(want)
	b, errB := json.Marshal(got)
	if errA == nil && errB == nil && bytes.Equal(a, b) {
		return ""
	}
	if d := cmp.Diff(want, got); d != "" {
		return d
	}
	return fmt.Sprintf("the JSON forms differ (%v, %v)", errA, errB)
}
