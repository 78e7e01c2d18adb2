package apply

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

const keptSeed = `
organization_types: [Customer]
organization_statuses: [Active]
organizations:
  - {name: Acme, type: Customer, status: Active}
flexible_asset_types:
  - name: Server
    fields:
      - {name: Name, kind: Text, required: true, use_for_title: true, show_in_list: true}
      - {name: Seats, kind: Number, decimals: 0}
      - {name: Admin Password, kind: Password}
`

// passwordAPI stands in front of a sandbox as IT Glue's passwords API
// would: GET /passwords/:id?show_password=true answers the secrets it was
// given, or 403 {"message":"Forbidden"} for a key without Password
// Access. It records every asset write body.
type passwordAPI struct {
	next    http.Handler
	access  bool
	mu      sync.Mutex
	secrets map[int64]string
	reads   int
	writes  []string
}

func (p *passwordAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if id, ok := strings.CutPrefix(r.URL.Path, "/passwords/"); ok && r.Method == http.MethodGet && r.URL.Query().Get("show_password") == "true" {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.reads++
		n, _ := strconv.ParseInt(id, 10, 64)
		if !p.access {
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"message":"Forbidden"}`)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.api+json")
		fmt.Fprintf(w, `{"data":{"id":"%d","type":"passwords","attributes":{"name":"Admin Password","password":%q}}}`, n, p.secrets[n])
		return
	}
	if r.Method == http.MethodPatch && strings.HasPrefix(r.URL.Path, "/flexible_assets") {
		b, _ := io.ReadAll(r.Body)
		p.mu.Lock()
		p.writes = append(p.writes, string(b))
		p.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(b))
	}
	p.next.ServeHTTP(w, r)
}

// keptSetup makes an asset with a password set through apply, and returns
// a client behind a passwordAPI, the asset and its password's id.
func keptSetup(t *testing.T, access bool) (*client.Client, *passwordAPI, client.FlexibleAsset, int64) {
	t.Helper()
	ctx := context.Background()
	sb := sandboxtest.Start(t)
	sb.Seed(t, keptSeed)
	api := &passwordAPI{next: sb.Server, access: access, secrets: map[int64]string{}}
	hs := httptest.NewServer(api)
	t.Cleanup(hs.Close)
	c, err := client.New(client.Config{BaseURL: hs.URL, APIKey: sb.Key}, client.WithRateLimit(0, 0, 0), client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	org, typ := liveOrg(t, c, "Acme"), liveType(t, c, "Server")
	created, err := c.FlexibleAssets.Create(ctx, client.FlexibleAssetWrite{OrganizationID: org.ID, FlexibleAssetTypeID: typ.ID,
		Traits: map[string]any{"name": "web01", "seats": 10, "admin-password": "original-secret-7c1e"}})
	if err != nil {
		t.Fatal(err)
	}
	id, ok := client.PasswordTraitID(created.Traits.Value("admin-password"))
	if !ok {
		t.Fatalf("the Password trait reads back as %s; want the id of its embedded password", created.Traits.Value("admin-password"))
	}
	api.secrets[id] = "original-secret-7c1e"
	api.writes = nil
	return c, api, created, id
}

// keptPlan updates Seats only; the Password trait must go along (IT Glue
// replaces every trait) and stays as it is.
func keptPlan(a client.FlexibleAsset, src plan.SecretSource) *plan.Plan {
	return &plan.Plan{FormatVersion: plan.FormatVersion, Changes: []plan.Change{{
		ID: "flexible-asset/Acme/Server/web01", Action: plan.Update, Kind: plan.KindAsset, Organization: "Acme",
		AssetType: "Server", Name: "web01", LiveID: a.ID,
		Diffs: []plan.Diff{{Path: "traits.Seats", Before: raw(`10`), After: raw(`12`)}},
		Write: &plan.Write{SendTraits: true, Traits: map[string]json.RawMessage{"name": raw(`"web01"`), "seats": raw(`12`)},
			Secrets: map[string]plan.SecretSource{"admin-password": src}},
	}}}
}

// TestKeptPasswordNeverSentAsItsID: an update that touches only Seats on an
// asset with a Password trait sends the password itself (from its
// variable, else read through the passwords API) and never the number the
// trait reads back as, which IT Glue might store as the new password.
func TestKeptPasswordNeverSentAsItsID(t *testing.T) {
	tests := []struct {
		name      string
		access    bool
		env       map[string]string
		src       func(id int64) plan.SecretSource
		status    Status
		sent      string // the value sent for admin-password; "" when nothing is sent
		reads     int    // passwords API reads
		wantInMsg []string
	}{
		{name: "variable set", access: false, env: map[string]string{"WEB_PW": "from-env-91ab"},
			src: func(id int64) plan.SecretSource {
				return plan.SecretSource{Env: "WEB_PW", Keep: true, PasswordID: id, Field: "Admin Password"}
			},
			status: Applied, sent: "from-env-91ab"},
		{name: "read through the passwords API", access: true,
			src: func(id int64) plan.SecretSource {
				return plan.SecretSource{Env: "WEB_PW", Keep: true, PasswordID: id, Field: "Admin Password"}
			},
			status: Applied, sent: "original-secret-7c1e", reads: 1},
		{name: "unstated trait read through the passwords API", access: true,
			src: func(id int64) plan.SecretSource {
				return plan.SecretSource{Keep: true, PasswordID: id, Field: "Admin Password"}
			},
			status: Applied, sent: "original-secret-7c1e", reads: 1},
		{name: "no variable, no password access", access: false,
			src: func(id int64) plan.SecretSource {
				return plan.SecretSource{Env: "WEB_PW", Keep: true, PasswordID: id, Field: "Admin Password"}
			},
			status: Failed, reads: 1,
			wantInMsg: []string{"refused", `"Admin Password"`, "set WEB_PW", "Password Access"}},
		{name: "unstated trait, no password access", access: false,
			src: func(id int64) plan.SecretSource {
				return plan.SecretSource{Keep: true, PasswordID: id, Field: "Admin Password"}
			},
			status: Failed, reads: 1,
			wantInMsg: []string{"refused", "{env: VARIABLE}", "Password Access"}},
		// An edited plan file names another password the key can read:
		// apply reads the one the live trait names, so it refuses.
		{name: "password id edited in the plan file", access: true,
			src: func(id int64) plan.SecretSource {
				return plan.SecretSource{Keep: true, PasswordID: id + 1000, Field: "Admin Password"}
			},
			status:    Failed,
			wantInMsg: []string{"refused", "run plan again"}},
		{name: "live value not an id", access: true,
			src: func(int64) plan.SecretSource {
				return plan.SecretSource{Env: "WEB_PW", Keep: true, Field: "Admin Password"}
			},
			status:    Failed,
			wantInMsg: []string{"refused", "set WEB_PW"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, api, asset, pwID := keptSetup(t, tt.access)
			rep, err := Apply(context.Background(), ClientAPI(c), keptPlan(asset, tt.src(pwID)), Options{Getenv: func(k string) string { return tt.env[k] }})
			if err != nil {
				t.Fatal(err)
			}
			res := rep.Results[0]
			if res.Status != tt.status {
				t.Fatalf("status = %s (%s); want %s", res.Status, res.Message, tt.status)
			}
			for _, s := range tt.wantInMsg {
				if !strings.Contains(res.Message, s) {
					t.Errorf("message %q does not say %q", res.Message, s)
				}
			}
			if strings.Contains(res.Message, "original-secret") || strings.Contains(res.Message, "from-env") {
				t.Errorf("message shows a secret: %s", res.Message)
			}
			if api.reads != tt.reads {
				t.Errorf("passwords API reads = %d; want %d", api.reads, tt.reads)
			}
			if tt.sent == "" {
				if len(api.writes) != 0 {
					t.Errorf("a refused change wrote: %v", api.writes)
				}
				return
			}
			if len(api.writes) != 1 {
				t.Fatalf("asset writes = %d; want 1", len(api.writes))
			}
			var body struct {
				Data struct {
					Attributes struct {
						Traits map[string]json.RawMessage `json:"traits"`
					} `json:"attributes"`
				} `json:"data"`
			}
			if err := json.Unmarshal([]byte(api.writes[0]), &body); err != nil {
				t.Fatalf("write body: %v", err)
			}
			got := string(body.Data.Attributes.Traits["admin-password"])
			if got != strconv.Quote(tt.sent) {
				t.Errorf("admin-password sent as %s; want the secret %q (never the id %d)", got, tt.sent, pwID)
			}
		})
	}
}
