package client_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// faulty is the fault mix: 30% 429s, 10% 5xx, 5% dropped connections
// (for 5xx and drops, half after the request was applied).
func faulty(seed int64) func(*sandbox.Options) {
	return func(o *sandbox.Options) {
		o.Now = fixedNow
		o.Faults = sandbox.Faults{Seed: seed, RateLimitRate: .3, ServerErrorRate: .1, DropRate: .05}
	}
}

// TestSandboxFullReadUnderFaultsIsExact reads an account through the
// issue's fault mix and gets exactly what a fault-free read gets. The
// shape is the one of 200 organizations, 25 types and 20,000 assets read
// at 100 a page, scaled down fifty-fold with the page size and halved in
// types: 13 types of 16 assets at 2 a page are 13 first pages, 8 pages per
// type (7 read concurrently) and over 100 page requests, with 208 assets.
// The sandbox draws each request's fault from its key and attempt, so the
// fault counts below vary little from run to run (178 to 180 requests, 51
// 429s), well clear of the bounds.
func TestSandboxFullReadUnderFaultsIsExact(t *testing.T) {
	const orgs, types, assets = 4, 13, 208
	ctx := context.Background()
	seed := accountSeed(orgs, types, assets)
	clean, cc := start(t, func(o *sandbox.Options) { o.Now = fixedNow })
	clean.Seed(t, seed)
	// Small pages make the faulty read many requests, so that every fault
	// kind hits first pages, concurrent pages and every endpoint many times.
	bad, fc := start(t, faulty(1), client.WithMaxRetries(20), client.WithMaxRetryAfter(time.Millisecond), client.WithBackoff(time.Millisecond, 2*time.Millisecond), client.WithPageSize(2))
	var snap bytes.Buffer
	if err := clean.Server.WriteSnapshot(&snap); err != nil {
		t.Fatal(err)
	}
	if err := bad.Server.ReadSnapshot(&snap); err != nil {
		t.Fatal(err)
	}

	want, err := readAccount(ctx, cc)
	if err != nil {
		t.Fatal(err)
	}
	got, err := readAccount(ctx, fc)
	if err != nil {
		t.Fatalf("reading under faults: %v", err)
	}
	n := 0
	for _, as := range want.Assets {
		n += len(as)
	}
	if len(want.Orgs) != orgs || len(want.Types) != types || n != assets {
		t.Fatalf("fault-free read: %d orgs, %d types, %d assets", len(want.Orgs), len(want.Types), n)
	}
	if diff := diffAccounts(want, got); diff != "" {
		t.Errorf("read under faults differs (-clean +faulty):\n%s", diff)
	}
	s := fc.Stats()
	if s.Requests < 100 || s.Retries < s.Requests/4 || s.RateLimited < s.Requests/5 {
		t.Errorf("stats %+v: want over 100 requests, a quarter of them retries and a fifth 429s (the faults were not exercised)", s)
	}
	t.Logf("faulty read: %d requests (%d retries, %d 429s, %s waiting); clean read: %d requests",
		s.Requests, s.Retries, s.RateLimited, s.Wait, cc.Stats().Requests)
}

// writeOrgs is how many organizations writeSequence makes, each with 60
// assets written in 4 bulk requests of 15, updated and deleted: 6 make
// over 100 writes, enough for the fault mix to leave POSTs ambiguous.
const writeOrgs = 6

// writeSequence builds an account through the API with the safe helpers.
func writeSequence(ctx context.Context, c *client.Client) error {
	typ, err := c.OrganizationTypes.CreateSafe(ctx, "Customer")
	if err != nil {
		return err
	}
	st, err := c.OrganizationStatuses.CreateSafe(ctx, "Active")
	if err != nil {
		return err
	}
	var orgs []client.Organization
	for i := range writeOrgs {
		o, err := c.Organizations.CreateSafe(ctx, client.OrganizationWrite{Name: ptr(fmt.Sprintf("Org %d, Ltd", i)), OrganizationTypeID: &typ.ID, OrganizationStatusID: &st.ID})
		if err != nil {
			return err
		}
		orgs = append(orgs, o)
	}
	var types []client.FlexibleAssetType
	for k := range 3 {
		t, err := c.FlexibleAssetTypes.CreateSafe(ctx, titleType(fmt.Sprintf("Type %d", k)))
		if err != nil {
			return err
		}
		if _, err := c.FlexibleAssetFields.CreateSafe(ctx, t.ID, []client.FlexibleAssetFieldWrite{
			{Order: ptr(int64(2)), Name: ptr("Notes"), Kind: ptr("Textbox")},
			{Order: ptr(int64(3)), Name: ptr("Count"), Kind: ptr("Number"), Decimals: ptr(int64(0))},
		}); err != nil {
			return err
		}
		types = append(types, t)
	}
	for _, o := range orgs {
		var ws []client.FlexibleAssetWrite
		for _, t := range types {
			for j := range 20 {
				ws = append(ws, client.FlexibleAssetWrite{FlexibleAssetTypeID: t.ID, Traits: map[string]any{"title": fmt.Sprintf("%s #%d", o.Name, j), "count": j}})
			}
		}
		created, err := c.FlexibleAssets.CreateSafe(ctx, o.ID, ws, client.MatchTraits("title"))
		if err != nil {
			return err
		}
		var upd []client.FlexibleAssetWrite
		for _, a := range created {
			tr := a.Traits.WriteShape()
			tr["notes"] = "updated"
			upd = append(upd, client.FlexibleAssetWrite{ID: a.ID, Traits: tr})
		}
		if err := c.FlexibleAssets.UpdateBulk(ctx, upd); err != nil {
			return err
		}
		if err := c.FlexibleAssets.Delete(ctx, created[0].ID); err != nil {
			return err
		}
		if err := c.FlexibleAssets.DeleteBulk(ctx, []int64{created[1].ID, created[2].ID}); err != nil {
			return err
		}
	}
	return nil
}

func TestSandboxWritesUnderFaultsCreateNoDuplicates(t *testing.T) {
	ctx := context.Background()
	_, cc := start(t, func(o *sandbox.Options) { o.Now = fixedNow }, client.WithBulkSize(15))
	_, fc := start(t, faulty(2), client.WithBulkSize(15), client.WithMaxRetries(20), client.WithMaxRetryAfter(time.Millisecond), client.WithBackoff(time.Millisecond, 2*time.Millisecond))
	if err := writeSequence(ctx, cc); err != nil {
		t.Fatalf("fault-free writes: %v", err)
	}
	if err := writeSequence(ctx, fc); err != nil {
		t.Fatalf("writes under faults: %v", err)
	}
	want, err := readAccount(ctx, cc)
	if err != nil {
		t.Fatal(err)
	}
	got, err := readAccount(ctx, fc)
	if err != nil {
		t.Fatal(err)
	}
	if diff := diffAccounts(want, got); diff != "" {
		t.Errorf("account written under faults differs (-clean +faulty):\n%s", diff)
	}
	n := 0
	for _, as := range got.Assets {
		n += len(as)
	}
	if len(got.Orgs) != writeOrgs || len(got.Types) != 3 || n != writeOrgs*(60-3) {
		t.Errorf("under faults: %d orgs, %d types, %d assets; want %d, 3, %d", len(got.Orgs), len(got.Types), n, writeOrgs, writeOrgs*57)
	}
	s := fc.Stats()
	if s.AmbiguousWrites == 0 || s.Recovered == 0 {
		t.Errorf("stats %+v: no ambiguous write was exercised", s)
	}
	t.Logf("writes under faults: %d requests, %d retries, %d ambiguous POSTs, %d recovered by re-listing", s.Requests, s.Retries, s.AmbiguousWrites, s.Recovered)
}
