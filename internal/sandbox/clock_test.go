package sandbox_test

import (
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// TestTimestampsAndTimeSorts gives each request its own time, so that the
// created_at and updated_at sorts and filters are exercised for real.
func TestTimestampsAndTimeSorts(t *testing.T) {
	clock := &fakeClock{now: time.Date(2024, 3, 1, 12, 0, 0, 123e6, time.UTC)}
	a := newAPI(t, func(o *sandbox.Options) { o.Now = clock.Now })
	var ids []string
	for _, name := range []string{"first", "second", "third"} {
		r := a.do("POST", "/organizations", obj("organizations", map[string]any{"name": name})).must(t, 201)
		ids = append(ids, r.str("data.id"))
		clock.advance(24 * time.Hour)
	}
	r := a.do("PATCH", "/organizations/"+ids[0], obj("organizations", map[string]any{"alert": "x"})).must(t, 200)
	wantValues(map[string]string{"data.attributes.created-at": "2024-03-01T12:00:00.123Z", "data.attributes.updated-at": "2024-03-04T12:00:00.123Z"})(t, a, r)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"sort=updated_at", []string{ids[1], ids[2], ids[0]}},
		{"sort=-created_at", []string{ids[2], ids[1], ids[0]}},
		{"filter[created_at]=2024-03-02", []string{ids[1]}},
		{"filter[created_at]=2024-03-02,*", []string{ids[1], ids[2]}},
		{"filter[updated_at]=*,2024-03-03T00:00:00Z", []string{ids[1]}},
		{"filter[created_at]=2024-03-01T12:00:00.123Z", []string{ids[0]}},
	} {
		wantIDs(tc.want...)(t, a, a.do("GET", "/organizations?"+tc.query, nil).must(t, 200))
	}
}
