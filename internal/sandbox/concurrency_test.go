package sandbox_test

import (
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentUse runs readers and writers at once (meaningful under
// -race) and checks that no write is lost. The list read in the loop asks
// for the newest assets only (sort=-id, 5 a page): those are the ones the
// other workers are creating and patching meanwhile, and encoding the
// whole growing list each time only made the test slow.
func TestConcurrentUse(t *testing.T) {
	a := testAccount(t)
	const workers, each = 6, 10
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				r := a.do("POST", "/flexible_assets", email(2, map[string]any{"domains": 789, "type": "Office 365", "webmail-url": fmt.Sprintf("https://%d-%d/", w, i)}))
				if r.status != 201 {
					t.Errorf("POST: %d %s", r.status, r.short())
					return
				}
				a.do("PATCH", "/flexible_assets/"+r.str("data.id"), asset(map[string]any{"traits": map[string]any{"domains": "790", "type": "POP/IMAP"}}))
				a.do("GET", "/flexible_assets?filter[flexible_asset_type_id]=33&sort=-id&page[size]=5", nil)
				a.do("PATCH", "/flexible_asset_fields/797", obj("flexible_asset_fields", map[string]any{"hint": fmt.Sprint(w, i)}))
				a.do("GET", "/flexible_asset_types/33?include=flexible_asset_fields", nil)
			}
		}(w)
	}
	wg.Wait()
	r := a.do("GET", "/flexible_assets?filter[flexible_asset_type_id]=33&filter[name]=POP/IMAP&page[size]=1000", nil).must(t, 200)
	if got := r.str("meta.total-count"); got != fmt.Sprint(workers*each+1) {
		t.Errorf("%s POP/IMAP assets; want %d created and patched plus the seeded one", got, workers*each+1)
	}
}
