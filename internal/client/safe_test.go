package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// orgStore is a tiny organizations endpoint whose POST can apply the write
// and then fail (500 or a dropped connection).
type orgStore struct {
	mu    sync.Mutex
	names map[int64]string
	next  int64
	fail  []string // outcome of each POST: "ok", "500-after", "drop-after", "garbage-after", "500-before"
}

func (s *orgStore) register(t *testing.T, mux *http.ServeMux) {
	mux.HandleFunc("POST /organizations", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Data struct {
				Attributes struct {
					Name string `json:"name"`
				} `json:"attributes"`
			} `json:"data"`
		}
		json.NewDecoder(r.Body).Decode(&body)
		s.mu.Lock()
		mode := "ok"
		if len(s.fail) > 0 {
			mode, s.fail = s.fail[0], s.fail[1:]
		}
		if mode == "500-before" {
			s.mu.Unlock()
			reply(w, 500, `{}`)
			return
		}
		s.next++
		id := s.next
		s.names[id] = body.Data.Attributes.Name
		s.mu.Unlock()
		switch mode {
		case "500-after":
			reply(w, 500, `{"errors":[{"status":500,"title":"Internal Server Error"}]}`)
		case "drop-after":
			drop(t, w)
		case "garbage-after":
			reply(w, 201, `{"data":{"id":`)
		default:
			reply(w, 201, fmt.Sprintf(`{"data":{"id":"%d","type":"organizations","attributes":{"name":%q}}}`, id, body.Data.Attributes.Name))
		}
	})
	mux.HandleFunc("GET /organizations", func(w http.ResponseWriter, r *http.Request) {
		want := strings.ReplaceAll(r.URL.Query().Get("filter[name]"), `\,`, ",")
		s.mu.Lock()
		defer s.mu.Unlock()
		var items []string
		for id := int64(1); id <= s.next; id++ {
			if n, ok := s.names[id]; ok && n == want {
				items = append(items, fmt.Sprintf(`{"id":"%d","type":"organizations","attributes":{"name":%q}}`, id, n))
			}
		}
		reply(w, 200, `{"data":[`+strings.Join(items, ",")+`],"meta":{"total-pages":1}}`)
	})
}

func TestCreateSafeNeverDuplicates(t *testing.T) {
	tests := []struct {
		fail      []string
		wantPosts int
	}{
		{nil, 1},
		{[]string{"500-after"}, 1},
		{[]string{"drop-after"}, 1},
		{[]string{"500-before"}, 2},
		{[]string{"500-before", "drop-after"}, 2},
		{[]string{"garbage-after"}, 1},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.fail, ","), func(t *testing.T) {
			c, mux := setup(t)
			s := &orgStore{names: map[int64]string{}, fail: tt.fail}
			s.register(t, mux)
			o, err := c.Organizations.CreateSafe(context.Background(), OrganizationWrite{Name: ptr("Kub, Reynolds and Gibson")})
			if err != nil {
				t.Fatal(err)
			}
			if len(s.names) != 1 || o.Name != "Kub, Reynolds and Gibson" || o.ID != 1 {
				t.Errorf("store %v, returned %+v: want exactly one organization", s.names, o)
			}
			if got := c.Stats().Endpoints["POST /organizations"].Requests; got != int64(tt.wantPosts) {
				t.Errorf("%d POSTs, want %d", got, tt.wantPosts)
			}
			if amb, rec := c.Stats().AmbiguousWrites, c.Stats().Recovered; len(tt.fail) == 1 && strings.HasSuffix(tt.fail[0], "-after") && (amb != 1 || rec != 1) {
				t.Errorf("stats: %d ambiguous, %d recovered; want 1 and 1", amb, rec)
			}
		})
	}
}

func TestCreateSafeAssetsRecoversPartialBatches(t *testing.T) {
	c, mux := setup(t, WithBulkSize(2))
	// The second batch is applied, its answer lost.
	s := &assetStore{script: []string{"ok", "502"}}
	s.register(mux)
	got, err := c.FlexibleAssets.CreateSafe(context.Background(), 7, titles("a", "b", "c", "d", "e"), MatchTraits("title"))
	if err != nil {
		t.Fatal(err)
	}
	live := s.live
	if strings.Join(live, "") != "abcde" {
		t.Errorf("server holds %v, want each of a..e exactly once", live)
	}
	for i, a := range got {
		if s, _ := a.Traits.String("title"); s != string(rune('a'+i)) || a.ID != int64(i+1) {
			t.Errorf("result %d = %d %q, want id %d title %c", i, a.ID, s, i+1, 'a'+i)
		}
	}
	if st := c.Stats(); st.AmbiguousWrites != 1 || st.Recovered != 2 {
		t.Errorf("stats: %d ambiguous, %d recovered; want 1 and 2", st.AmbiguousWrites, st.Recovered)
	}
}
