package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// assetStore is a nested bulk-create endpoint for organization 7 whose
// answers follow a script: "ok", "422" (refused, nothing written), "502"
// (applied, answer lost) or "short" (applied, answer holds one object).
type assetStore struct {
	mu     sync.Mutex
	script []string
	live   []string // title of each asset, index = id-1
	arch   map[int]bool
}

func (s *assetStore) asset(id int) string {
	return fmt.Sprintf(`{"id":"%d","type":"flexible-assets","attributes":{"organization-id":7,"flexible-asset-type-id":3,"archived":%v,"traits":{"title":%q}}}`,
		id, s.arch[id], s.live[id-1])
}

func (s *assetStore) register(mux *http.ServeMux) {
	mux.HandleFunc("POST /organizations/7/relationships/flexible_assets", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Data []struct {
				Attributes struct {
					Traits map[string]string `json:"traits"`
				} `json:"attributes"`
			} `json:"data"`
		}
		json.NewDecoder(r.Body).Decode(&body)
		s.mu.Lock()
		defer s.mu.Unlock()
		mode := "ok"
		if len(s.script) > 0 {
			mode, s.script = s.script[0], s.script[1:]
		}
		if mode == "422" {
			reply(w, 422, `{"errors":[{"status":422,"detail":"can't be blank","source":{"pointer":"/data/attributes/traits"}}]}`)
			return
		}
		var out []string
		for _, d := range body.Data {
			s.live = append(s.live, d.Attributes.Traits["title"])
			out = append(out, s.asset(len(s.live)))
		}
		switch mode {
		case "502":
			reply(w, 502, `{"message":"Bad Gateway"}`)
		case "short":
			reply(w, 201, `{"data":[`+out[0]+`]}`)
		default:
			reply(w, 201, `{"data":[`+strings.Join(out, ",")+`]}`)
		}
	})
	mux.HandleFunc("GET /flexible_assets", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		var out []string
		for i := range s.live {
			out = append(out, s.asset(i+1))
		}
		reply(w, 200, `{"data":[`+strings.Join(out, ",")+`],"meta":{"total-pages":1}}`)
	})
}

func titles(names ...string) []FlexibleAssetWrite {
	var ws []FlexibleAssetWrite
	for _, n := range names {
		ws = append(ws, FlexibleAssetWrite{FlexibleAssetTypeID: 3, Traits: map[string]any{"title": n}})
	}
	return ws
}

func TestCreateSafeReportsPartialBulkCreates(t *testing.T) {
	c, mux := setup(t, WithBulkSize(2))
	s := &assetStore{script: []string{"ok", "422"}}
	s.register(mux)
	got, err := c.FlexibleAssets.CreateSafe(context.Background(), 7, titles("a", "b", "c", "d"), MatchTraits("title"))
	var pe *PartialCreateError
	if !errors.As(err, &pe) || pe.Created != 2 || pe.Total != 4 {
		t.Fatalf("err = %v, want a *PartialCreateError for 2 of 4", err)
	}
	if !errors.Is(err, ErrValidation) {
		t.Errorf("err = %v, want it to match ErrValidation", err)
	}
	var ae *APIError
	if errors.As(err, &ae) {
		t.Errorf("err unwraps to an *APIError: a caller would take it for a refusal of the whole request and create a and b again")
	}
	if len(got) != 4 || got[0].ID != 1 || got[1].ID != 2 || got[2].ID != 0 || got[3].ID != 0 {
		t.Errorf("result = %+v, want a and b with ids 1, 2 and zero values for c and d", got)
	}

	// A refusal of the first batch wrote nothing: a plain *APIError.
	s.script = []string{"422"}
	got, err = c.FlexibleAssets.CreateSafe(context.Background(), 7, titles("e", "f"), MatchTraits("title"))
	if !errors.As(err, &ae) || got != nil {
		t.Errorf("got %v, %v; want nil and the *APIError of the refused request", got, err)
	}
}

func TestCreateSafeSkipsArchivedTwins(t *testing.T) {
	// An archived asset titled "a" exists; the create of a new "a" is
	// applied but its answer is lost. The re-list must find the new one,
	// not take the archived twin for it.
	c, mux := setup(t)
	s := &assetStore{script: []string{"502"}, live: []string{"a"}, arch: map[int]bool{1: true}}
	s.register(mux)
	got, err := c.FlexibleAssets.CreateSafe(context.Background(), 7, titles("a"), MatchTraits("title"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.live) != 2 || got[0].ID != 2 || got[0].Archived {
		t.Errorf("store %v, result %+v: want the new asset 2, created once", s.live, got)
	}
}

func TestShortBulkCreateResponseIsRecovered(t *testing.T) {
	// The server creates both assets but answers with one: which ones exist
	// is unknown, so CreateSafe re-lists instead of failing or creating again.
	c, mux := setup(t)
	s := &assetStore{script: []string{"short"}}
	s.register(mux)
	got, err := c.FlexibleAssets.CreateSafe(context.Background(), 7, titles("a", "b"), MatchTraits("title"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.live) != 2 || len(got) != 2 || got[0].ID != 1 || got[1].ID != 2 {
		t.Errorf("store %v, result %+v: want a and b created once, ids 1 and 2", s.live, got)
	}
	if st := c.Stats(); st.AmbiguousWrites != 1 || st.Recovered != 2 {
		t.Errorf("stats: %d ambiguous, %d recovered; want 1 and 2", st.AmbiguousWrites, st.Recovered)
	}
}

func TestFieldsCreateSafeReportsPartialCreates(t *testing.T) {
	c, mux := setup(t, WithBulkSize(1))
	posts := 0
	mux.HandleFunc("POST /flexible_asset_types/3/relationships/flexible_asset_fields", func(w http.ResponseWriter, r *http.Request) {
		if posts++; posts == 2 {
			reply(w, 422, `{"errors":[{"status":422,"detail":"has already been taken","source":{"pointer":"/data/attributes/order"}}]}`)
			return
		}
		reply(w, 201, fmt.Sprintf(`{"data":[{"id":"%d","type":"flexible-asset-fields","attributes":{"name":"A"}}]}`, 10+posts))
	})
	got, err := c.FlexibleAssetFields.CreateSafe(context.Background(), 3, []FlexibleAssetFieldWrite{{Name: ptr("A")}, {Name: ptr("B")}})
	var pe *PartialCreateError
	if !errors.As(err, &pe) || pe.Created != 1 || !errors.Is(err, ErrValidation) || len(got) != 2 || got[0].ID != 11 || got[1].ID != 0 {
		t.Errorf("got %+v, %v; want field 11 and a *PartialCreateError for 1 of 2", got, err)
	}
}
