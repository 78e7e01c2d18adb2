package reposeed

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/internal/sandbox"
)

var repo = map[string]string{
	"glue-sync.yaml": "version: 1\n",
	"orgs.yaml":      "kind: Organization\nname: Acme\ntype: Customer\nstatus: Active\nshortName: AC\n",
	"types.yaml": `kind: FlexibleAssetType
name: Server
showInMenu: true
fields:
  - {name: Host, kind: Text, useForTitle: true, showInList: true}
  - {name: Tier, kind: Select, options: [Gold, Silver]}
  - {name: Seats, kind: Number, decimals: 0}
  - {name: Peer, kind: Tag, tagType: {flexibleAssetType: Server}}
  - {name: Logins, kind: Tag, tagType: Passwords}
  - {name: Diagram, kind: Upload}
  - {name: Secret, kind: Password}
`,
	"assets.yaml": `kind: FlexibleAsset
organization: Acme
type: Server
traits: {Host: db-01, Tier: Gold, Seats: 25, Logins: [Router], Diagram: {file: files/a.svg}, Secret: {env: PW}}
---
kind: FlexibleAsset
organization: Acme
type: Server
traits: {Host: db-02, Peer: [db-01]}
`,
	"files/a.svg": "<svg/>",
}

const extra = `
organization_types: [Vendor]
organizations:
  - name: Acme
    passwords: [{name: Router, password: x}]
  - {name: Other, type: Vendor, status: Active}
`

func TestFromFiles(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"types and organizations only", Options{}, `flexible_asset_types:
    - fields:
        - kind: Text
          name: Host
          show_in_list: true
          use_for_title: true
        - kind: Select
          name: Tier
          options:
            - Gold
            - Silver
        - decimals: 0
          kind: Number
          name: Seats
        - kind: Tag
          name: Peer
          tag_type: 'FlexibleAssetType: Server'
        - kind: Tag
          name: Logins
          tag_type: Passwords
        - kind: Upload
          name: Diagram
        - kind: Password
          name: Secret
      name: Server
      show_in_menu: true
organization_statuses:
    - Active
organization_types:
    - Customer
organizations:
    - name: Acme
      short_name: AC
      status: Active
      type: Customer
`},
		{"assets, extra and a live spelling", Options{Assets: true, Extra: extra, Env: map[string]string{"PW": "s3cret"},
			Live: func(object, key string, v any) (any, bool) {
				if object == "db-01" && key == "Tier" {
					return " Gold ", true
				}
				return nil, false
			}}, `flexible_assets:
    - organization: Acme
      traits:
        Diagram:
            content: PHN2Zy8+
            file_name: a.svg
        Host: db-01
        Logins:
            - Router
        Seats: 25
        Secret: s3cret
        Tier: ' Gold '
      type: Server
    - organization: Acme
      traits:
        Host: db-02
        Peer:
            - db-01
      type: Server
organization_statuses:
    - Active
organization_types:
    - Customer
    - Vendor
organizations:
    - name: Acme
      passwords:
        - name: Router
          password: x
      short_name: AC
      status: Active
      type: Customer
    - name: Other
      status: Active
      type: Vendor
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FromFiles(context.Background(), repo, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			// The sandbox's seed format refuses unknown keys: the seed
			// must load.
			srv, err := sandbox.New(sandbox.Options{APIKey: "k", RateLimit: -1})
			if err != nil {
				t.Fatal(err)
			}
			if err := srv.LoadSeed(strings.NewReader(got)); err != nil {
				t.Fatalf("the sandbox refuses the seed: %v\n%s", err, got)
			}
			var gotDoc, wantDoc map[string]any
			if err := yaml.Unmarshal([]byte(got), &gotDoc); err != nil {
				t.Fatal(err)
			}
			if err := yaml.Unmarshal([]byte(tt.want), &wantDoc); err != nil {
				t.Fatal(err)
			}
			if _, ok := wantDoc["flexible_asset_types"]; !ok {
				delete(gotDoc, "flexible_asset_types") // as in the first case
			}
			if diff := cmp.Diff(wantDoc, gotDoc); diff != "" {
				t.Errorf("seed (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFromFilesErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		opts  Options
		want  string
	}{
		{"repository error", map[string]string{"orgs.yaml": "kind: Organization\n"}, Options{}, "loading the repository"},
		{"password without a value", repo, Options{Assets: true}, "no value for $PW"},
		{"bad extra", repo, Options{Extra: "organizations: {"}, "reading the extra seed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromFiles(context.Background(), tt.files, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v; want one containing %q", err, tt.want)
			}
		})
	}
}
