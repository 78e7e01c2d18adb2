package client

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// TestListPaginationEdges lists n objects around the page boundaries at a
// page size of 10 (the default 1000 scaled down: 0, 1, 999, 1000, 1001
// and 20,000 objects are 0, 1, 9, 10, 11 and 200 here; TestDefaultSizes
// and TestListSendsPageParamsAndFilters check the default page size).
func TestListPaginationEdges(t *testing.T) {
	tests := []struct {
		n, size   int
		noTotal   bool
		requests  int64
		linksOnly bool
	}{
		{0, 10, false, 1, false},
		{1, 10, false, 1, false},
		{9, 10, false, 1, false},
		{10, 10, false, 1, false},
		{11, 10, false, 2, false},
		{200, 10, false, 20, false},
		{7, 3, false, 3, false},
		{11, 10, true, 2, false}, // no total-pages: follow next-page
		{7, 3, true, 3, false},
		{11, 10, true, 2, true}, // no meta at all: follow links.next
		{7, 3, true, 3, true},
	}
	for _, tt := range tests {
		c, mux := setup(t, WithPageSize(tt.size))
		p := &pages{n: tt.n, kind: "organizations", noTotal: tt.noTotal, linksOnly: tt.linksOnly}
		mux.Handle("GET /organizations", p)
		got, err := c.Organizations.List(context.Background(), nil)
		if err != nil {
			t.Fatalf("n=%d: %v", tt.n, err)
		}
		if len(got) != tt.n {
			t.Errorf("n=%d size=%d: got %d organizations", tt.n, tt.size, len(got))
		}
		for i, o := range got {
			if o.ID != int64(i+1) {
				t.Fatalf("n=%d: item %d has id %d, want ids in order 1..n", tt.n, i, o.ID)
			}
		}
		if r := p.requests.Load(); r != tt.requests {
			t.Errorf("n=%d size=%d noTotal=%v: %d requests, want %d", tt.n, tt.size, tt.noTotal, r, tt.requests)
		}
		if s := c.Stats(); s.Endpoints["GET /organizations"].Requests != tt.requests {
			t.Errorf("n=%d: stats %+v, want %d GET /organizations", tt.n, s, tt.requests)
		}
	}
}

func TestListSendsPageParamsAndFilters(t *testing.T) {
	c, mux := setup(t)
	var raw string
	mux.HandleFunc("GET /organizations", func(w http.ResponseWriter, r *http.Request) {
		raw = r.URL.RawQuery
		q := r.URL.Query()
		if q.Get("page[size]") != "1000" || q.Get("page[number]") != "1" || q.Get("sort") != "id" {
			t.Errorf("query %q lacks page[size]=1000, page[number]=1, sort=id", raw)
		}
		if got, want := q.Get("filter[name]"), `Kub\, Reynolds and Gibson,Acme`; got != want {
			t.Errorf("filter[name] = %q, want %q", got, want)
		}
		reply(w, 200, `{"data":[],"meta":{"total-pages":0}}`)
	})
	if _, err := c.Organizations.List(context.Background(), &OrganizationListOptions{Names: []string{"Kub, Reynolds and Gibson", "Acme"}}); err != nil {
		t.Fatal(err)
	}
}

func TestListConcurrencyIsBounded(t *testing.T) {
	c, mux := setup(t, WithPageSize(10), WithConcurrency(3))
	var inFlight, peak atomic.Int64
	p := &pages{n: 200, kind: "organizations"}
	mux.HandleFunc("GET /organizations", func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			old := peak.Load()
			if n <= old || peak.CompareAndSwap(old, n) {
				break
			}
		}
		p.ServeHTTP(w, r)
	})
	got, err := c.Organizations.List(context.Background(), nil)
	if err != nil || len(got) != 200 {
		t.Fatalf("got %d, %v", len(got), err)
	}
	if peak.Load() > 3 {
		t.Errorf("peak of %d concurrent requests, want at most 3", peak.Load())
	}
}

func TestListDropsDuplicatesAcrossPages(t *testing.T) {
	// An object created while paging shifts the next page: the last object
	// of page 1 shows up again at the top of page 2.
	c, mux := setup(t, WithPageSize(2))
	mux.HandleFunc("GET /organizations", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("page[number]") {
		case "1":
			reply(w, 200, `{"data":[{"id":"1","type":"organizations","attributes":{"name":"a"}},{"id":"2","type":"organizations","attributes":{"name":"b"}}],"meta":{"next-page":2,"total-pages":2}}`)
		default:
			reply(w, 200, `{"data":[{"id":"2","type":"organizations","attributes":{"name":"b"}},{"id":"3","type":"organizations","attributes":{"name":"c"}}],"meta":{"next-page":null,"total-pages":2}}`)
		}
	})
	got, err := c.Organizations.List(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range got {
		names = append(names, o.Name)
	}
	if strings.Join(names, ",") != "a,b,c" {
		t.Errorf("names = %v, want a,b,c", names)
	}
}

func TestListPageErrorIsReported(t *testing.T) {
	c, mux := setup(t, WithPageSize(10), WithMaxRetries(1))
	p := &pages{n: 50, kind: "organizations"}
	mux.HandleFunc("GET /organizations", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("page[number]") == "4" {
			reply(w, 500, `{"errors":[{"status":500,"title":"Internal Server Error"}]}`)
			return
		}
		p.ServeHTTP(w, r)
	})
	_, err := c.Organizations.List(context.Background(), nil)
	if err == nil || !strings.Contains(err.Error(), "listing organizations (page 4)") || !strings.Contains(err.Error(), "giving up after 2 attempts") {
		t.Errorf("err = %v, want it to name page 4 and the attempts", err)
	}
}

func TestListRereadsWhenPagesShift(t *testing.T) {
	// The first read sees object 3 on both pages and misses 4 (as if the
	// server's order changed between requests); the second read is right.
	c, mux := setup(t, WithPageSize(2))
	var reads atomic.Int64
	mux.HandleFunc("GET /flexible_assets", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("filter[archived]") { // a server that knows no such filter
			reply(w, 400, `{"errors":[{"status":400,"title":"Bad Request"}]}`)
			return
		}
		n := reads.Add(1)
		obj := func(id int) string {
			return `{"id":"` + string(rune('0'+id)) + `","type":"flexible-assets","attributes":{"name":"a"}}`
		}
		meta := `"meta":{"total-pages":2,"total-count":4}`
		switch {
		case r.URL.Query().Get("page[number]") == "1":
			reply(w, 200, `{"data":[`+obj(1)+`,`+obj(3)+`],`+meta+`}`)
		case n <= 2:
			reply(w, 200, `{"data":[`+obj(2)+`,`+obj(3)+`],`+meta+`}`)
		default:
			reply(w, 200, `{"data":[`+obj(2)+`,`+obj(4)+`],`+meta+`}`)
		}
	})
	got, err := c.FlexibleAssets.List(context.Background(), 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || reads.Load() != 4 {
		t.Errorf("got %d assets in %d requests, want 4 in 4 (one re-read)", len(got), reads.Load())
	}
}

func TestLongQuickNotesAreReadInFull(t *testing.T) {
	c, mux := setup(t)
	long := strings.Repeat("n", 400)
	mux.HandleFunc("GET /organizations", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"data":[{"id":"1","type":"organizations","attributes":{"name":"a","quick-notes":"short"}},
			{"id":"2","type":"organizations","attributes":{"name":"b","quick-notes":"`+long[:250]+`"}}],"meta":{"total-pages":1,"total-count":2}}`)
	})
	mux.HandleFunc("GET /organizations/2", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"data":{"id":"2","type":"organizations","attributes":{"name":"b","quick-notes":"`+long+`"}}}`)
	})
	got, err := c.Organizations.List(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].QuickNotes != "short" || got[1].QuickNotes != long {
		t.Errorf("quick notes = %q, %d chars; want the full 400", got[0].QuickNotes, len(got[1].QuickNotes))
	}
	if n := c.Stats().Endpoints["GET /organizations/:id"].Requests; n != 1 {
		t.Errorf("%d show requests, want 1 (only the possibly cut one)", n)
	}
}
