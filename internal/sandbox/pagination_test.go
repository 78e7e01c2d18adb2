package sandbox_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// manyOrgs is an account with n organizations named org-0001 ... .
func manyOrgs(t *testing.T, n int) *api {
	a := newAPI(t)
	var b strings.Builder
	b.WriteString("organization_types: [Customer]\norganizations:\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  - {name: org-%04d, type: Customer}\n", i)
	}
	a.sb.Seed(t, b.String())
	return a
}

func TestPagination(t *testing.T) {
	a := manyOrgs(t, 120)
	for _, tc := range []struct {
		name                 string
		query                string
		status               int
		count, first         int
		page, total, pages   int
		next, prev, pageSize string
	}{
		{name: "default size is 50", query: "", status: 200, count: 50, first: 1, page: 1, total: 120, pages: 3, next: "2", prev: "<nil>", pageSize: "50"},
		{name: "second page", query: "page[number]=2", status: 200, count: 50, first: 51, page: 2, total: 120, pages: 3, next: "3", prev: "1", pageSize: "50"},
		{name: "last page", query: "page[number]=3", status: 200, count: 20, first: 101, page: 3, total: 120, pages: 3, next: "<nil>", prev: "2", pageSize: "50"},
		{name: "past the end", query: "page[number]=9", status: 200, count: 0, page: 9, total: 120, pages: 3, next: "<nil>", prev: "3", pageSize: "50"},
		{name: "size", query: "page[size]=7&page[number]=2", status: 200, count: 7, first: 8, page: 2, total: 120, pages: 18, next: "3", prev: "1", pageSize: "7"},
		{name: "size capped at 1000", query: "page[size]=5000", status: 200, count: 120, first: 1, page: 1, total: 120, pages: 1, next: "<nil>", prev: "<nil>", pageSize: "1000"},
		{name: "page number near the int64 limit", query: "page[number]=9223372036854775807&page[size]=1000", status: 200, count: 0, page: 9223372036854775807, total: 120, pages: 1, next: "<nil>", prev: "1", pageSize: "1000"},
		{name: "size 0", query: "page[size]=0", status: 400},
		{name: "size not a number", query: "page[size]=ten", status: 400},
		{name: "page 0", query: "page[number]=0", status: 400},
		{name: "negative page", query: "page[number]=-1", status: 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := a.do("GET", "/organizations?"+tc.query, nil)
			if r.status != tc.status {
				t.Fatalf("status %d; want %d: %s", r.status, tc.status, r.short())
			}
			if tc.status != 200 {
				if !strings.Contains(r.errorText(), "page[") {
					t.Errorf("errors %q do not name the parameter", r.errorText())
				}
				return
			}
			if got := len(r.list()); got != tc.count {
				t.Fatalf("%d items; want %d", got, tc.count)
			}
			if tc.count > 0 {
				if got := r.str("data.0.attributes.name"); got != fmt.Sprintf("org-%04d", tc.first) {
					t.Errorf("first item %s; want org-%04d", got, tc.first)
				}
			}
			wantValues(map[string]string{
				"meta.current-page": fmt.Sprint(tc.page), "meta.total-count": fmt.Sprint(tc.total),
				"meta.total-pages": fmt.Sprint(tc.pages), "meta.next-page": tc.next, "meta.prev-page": tc.prev,
				"meta.page-size": tc.pageSize,
			})(t, a, r)
			links, ok := r.doc["links"].(map[string]any)
			if !ok {
				t.Fatalf("no links object: %s", r.short())
			}
			if _, has := links["next"]; has != (tc.next != "<nil>") {
				t.Errorf("links.next present = %v; want %v", has, tc.next != "<nil>")
			}
		})
	}
}

// TestFollowNextLinks pages through a filtered, sorted list by following
// links.next, as existing clients do: the link is absolute and keeps the
// filters, the sort and the page size.
func TestFollowNextLinks(t *testing.T) {
	a := manyOrgs(t, 45)
	path := "/organizations?filter[organization_type_id]=1&sort=-name&page[size]=10"
	var names []string
	pages := 0
	for path != "" {
		r := a.do("GET", path, nil).must(t, 200)
		pages++
		for i := range r.list() {
			names = append(names, r.str("data."+itoa(i)+".attributes.name"))
		}
		next, _ := r.get("links.next").(string)
		if next == "" {
			if r.get("meta.next-page") != nil {
				t.Fatalf("meta.next-page set without links.next")
			}
			break
		}
		u, err := url.Parse(next)
		if err != nil || !u.IsAbs() || u.Host == "" {
			t.Fatalf("links.next %q is not an absolute URL", next)
		}
		q := u.Query()
		if q.Get("filter[organization_type_id]") != "1" || q.Get("sort") != "-name" || q.Get("page[size]") != "10" {
			t.Fatalf("links.next %q lost the filter, sort or size", next)
		}
		if !strings.HasPrefix(next, a.sb.URL) {
			t.Fatalf("links.next %q does not point at the sandbox %s", next, a.sb.URL)
		}
		path = strings.TrimPrefix(next, a.sb.URL)
	}
	if pages != 5 || len(names) != 45 || names[0] != "org-0045" || names[44] != "org-0001" {
		t.Fatalf("followed %d pages, %d names (%v ... %v); want 5 pages of 45 names, descending", pages, len(names), names[0], names[len(names)-1])
	}
}

func TestSinglePageHasEmptyLinks(t *testing.T) {
	a := testAccount(t)
	r := a.do("GET", "/organizations", nil).must(t, 200)
	if links, ok := r.doc["links"].(map[string]any); ok && len(links) != 0 {
		t.Errorf("links = %v; want {} on a single page", links)
	}
}
