package chaos

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// duplicates reads the whole account of b (which must inject no faults)
// with the client and lists every organization, type, field (within its
// type) and asset (by organization, type and name) that exists twice.
func duplicates(t *testing.T, b *box) []string {
	t.Helper()
	ctx := context.Background()
	api, err := client.New(client.Config{BaseURL: b.URL, APIKey: b.Key}, client.WithRateLimit(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	orgs, err := api.Organizations.List(ctx, nil)
	if err != nil {
		t.Fatalf("listing organizations: %v", err)
	}
	orgName := map[int64]string{}
	for _, o := range orgs {
		seen["organization "+o.Name]++
		orgName[o.ID] = o.Name
	}
	types, err := api.FlexibleAssetTypes.List(ctx)
	if err != nil {
		t.Fatalf("listing types: %v", err)
	}
	var ids []int64
	for _, ty := range types {
		seen["type "+ty.Name]++
		ids = append(ids, ty.ID)
		fs, err := api.FlexibleAssetFields.List(ctx, ty.ID)
		if err != nil {
			t.Fatalf("listing the fields of %s: %v", ty.Name, err)
		}
		for _, f := range fs {
			seen[fmt.Sprintf("field %s/%s", ty.Name, f.Name)]++
		}
	}
	byType, err := api.FlexibleAssets.ListByTypes(ctx, ids, nil)
	if err != nil {
		t.Fatalf("listing assets: %v", err)
	}
	assets := 0
	for _, as := range byType {
		for _, a := range as {
			assets++
			seen[fmt.Sprintf("asset %s/%s/%s", orgName[a.OrganizationID], a.FlexibleAssetTypeName, a.Name)]++
		}
	}
	if len(orgs) == 0 || len(types) == 0 || assets == 0 {
		t.Fatalf("the account read back empty (%d organizations, %d types, %d assets): the duplicate check proves nothing", len(orgs), len(types), assets)
	}
	var dups []string
	for k, n := range seen {
		if n > 1 {
			dups = append(dups, fmt.Sprintf("%s (%d times)", k, n))
		}
	}
	slices.Sort(dups)
	return dups
}

// snapshotFile is the part of a sandbox snapshot the scope check reads.
type snapshotFile struct {
	Account struct {
		Orgs   map[string]json.RawMessage `json:"organizations"`
		Types  map[string]json.RawMessage `json:"flexible-asset-types"`
		Fields map[string]json.RawMessage `json:"flexible-asset-fields"`
		Assets map[string]json.RawMessage `json:"flexible-assets"`
		Target map[string]json.RawMessage `json:"targets"`
	} `json:"account"`
}

// record holds the attributes of a stored object the scope check needs.
type record struct {
	Name         string                     `json:"name"`
	NameKey      string                     `json:"name-key"`
	OrgID        int64                      `json:"organization-id"`
	TypeID       int64                      `json:"flexible-asset-type-id"`
	ResourceType string                     `json:"resource-type"`
	Traits       map[string]json.RawMessage `json:"traits"`
}

// outsideScope returns, from a sandbox snapshot, every stored object the
// repository ds does not manage, as its exact stored JSON: organizations
// and types outside the managed scope with their fields and assets, tag
// targets, and the values of fields the repository does not declare in
// the assets it does manage. Apply must leave every one of them as it was.
func outsideScope(t *testing.T, snap []byte, ds *spec.DesiredState) map[string]string {
	t.Helper()
	if ds.Config.Manage.Organizations.All || ds.Config.Manage.AssetTypes.All {
		t.Fatal("outsideScope does not handle manage: all")
	}
	var f snapshotFile
	if err := json.Unmarshal(snap, &f); err != nil {
		t.Fatal(err)
	}
	dec := func(raw json.RawMessage) record {
		var r record
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	managedOrgs := map[string]bool{}
	for _, n := range ds.Config.Manage.Organizations.Names {
		managedOrgs[n] = true
	}
	for _, o := range ds.Organizations {
		managedOrgs[o.Name] = true
		for _, p := range o.Previously {
			managedOrgs[p] = true
		}
	}
	managedTypes := map[string]bool{}
	declared := map[string]bool{} // "type/field" of every declared field name
	for _, n := range ds.Config.Manage.AssetTypes.Names {
		managedTypes[n] = true
	}
	for _, ty := range ds.AssetTypes {
		for _, n := range append([]string{ty.Name}, ty.Previously...) {
			managedTypes[n] = true
			for _, fd := range ty.Fields {
				for _, fn := range append([]string{fd.Name}, fd.Previously...) {
					declared[n+"/"+fn] = true
				}
			}
		}
	}
	out := map[string]string{}
	orgIn, typeIn := map[int64]bool{}, map[int64]bool{}
	typeName := map[int64]string{}
	for id, raw := range f.Account.Orgs {
		r := dec(raw)
		if managedOrgs[r.Name] {
			orgIn[idOf(id)] = true
		} else {
			out["organization "+r.Name] = string(raw)
		}
	}
	for id, raw := range f.Account.Types {
		r := dec(raw)
		typeName[idOf(id)] = r.Name
		if managedTypes[r.Name] {
			typeIn[idOf(id)] = true
		} else {
			out["type "+r.Name] = string(raw)
		}
	}
	unmanagedKeys := map[int64][]string{} // managed type id -> name-keys of undeclared fields
	for id, raw := range f.Account.Fields {
		r := dec(raw)
		if !typeIn[r.TypeID] {
			out["field "+id+" of "+typeName[r.TypeID]] = string(raw)
		} else if !declared[typeName[r.TypeID]+"/"+r.Name] {
			unmanagedKeys[r.TypeID] = append(unmanagedKeys[r.TypeID], r.NameKey)
		}
	}
	for id, raw := range f.Account.Assets {
		r := dec(raw)
		if !orgIn[r.OrgID] || !typeIn[r.TypeID] {
			out["asset "+id] = string(raw)
			continue
		}
		for _, k := range unmanagedKeys[r.TypeID] {
			if v, ok := r.Traits[k]; ok {
				out["asset "+id+" trait "+k] = string(v)
			}
		}
	}
	for id, raw := range f.Account.Target {
		if r := dec(raw); r.ResourceType == "" {
			out["target "+id] = string(raw)
		}
	}
	return out
}

func idOf(s string) int64 {
	var id int64
	fmt.Sscan(s, &id)
	return id
}
