package chaos

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/clitest"
)

// genSize shapes a generated account: orgs organizations, each with
// perType assets of each of the three generated types.
type genSize struct{ orgs, perType int }

// genSmall is the generated account the CI tests converge and interrupt:
// the smallest that still has, in each of the first two organizations, a
// server the seed holds (an update keeping an unmanaged trait) next to one
// apply creates in the same wave, a new organization whose three types are
// all created in three dependent waves, and a service with a Password.
var genSmall = genSize{orgs: 3, perType: 2}

// genPasswordEnv is the Password variable of the generated repository.
const genPasswordEnv = "GEN_ADMIN_PASSWORD"

// genSeed is the account a generated repository is applied to: its
// organizations exist but the last (tag targets are not needed), "Gen Server" exists
// with an undeclared field "Legacy Note" that some managed assets use (an
// unmanaged trait), a few servers exist with a different role (updates),
// and an unmanaged organization and an unmanaged type hold assets of
// their own.
func genSeed(n genSize) string {
	var b strings.Builder
	b.WriteString("organization_types: [Customer, Internal]\norganization_statuses: [Active]\norganizations:\n")
	for o := range n.orgs - 1 { // the last one is for apply to create
		fmt.Fprintf(&b, "  - {name: Gen Org %02d, type: Customer, status: Active}\n", o)
	}
	b.WriteString("  - {name: Outside Corp, type: Internal, status: Active, short_name: OUT, description: not in the repository}\n")
	b.WriteString(`flexible_asset_types:
  - name: Gen Server
    fields:
      - {name: Hostname, kind: Text, required: true, use_for_title: true, show_in_list: true}
      - {name: Role, kind: Select, options: [Web, DB, App], show_in_list: true}
      - {name: Legacy Note, kind: Text}
  - name: Unmanaged Type
    fields:
      - {name: Title, kind: Text, required: true, use_for_title: true, show_in_list: true}
flexible_assets:
`)
	for o := range min(n.orgs-1, 3) {
		for i := range min(n.perType-1, 4) { // the last one is for apply to create
			fmt.Fprintf(&b, "  - {organization: Gen Org %02d, type: Gen Server, traits: {Hostname: srv-%02d-%02d, Role: DB, Legacy Note: kept %d-%d}}\n", o, o, i, o, i)
		}
		fmt.Fprintf(&b, "  - {organization: Gen Org %02d, type: Unmanaged Type, traits: {Title: hands off %d}}\n", o, o)
	}
	b.WriteString("  - {organization: Outside Corp, type: Gen Server, traits: {Hostname: out-01, Role: Web, Legacy Note: outside}}\n")
	return b.String()
}

// genRepo writes a repository of three types (servers; services tagging
// their server; runbooks tagging their service) and n.perType assets of
// each per organization, one service per organization with a Password.
func genRepo(t *testing.T, n genSize) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "gen-repo")
	var orgNames []string
	var orgs []string
	files := map[string]string{}
	for o := range n.orgs {
		name := fmt.Sprintf("Gen Org %02d", o)
		orgNames = append(orgNames, name)
		orgs = append(orgs, fmt.Sprintf("kind: Organization\nname: %s\n", name))
		var srv, svc, rb []string
		for i := range n.perType {
			srv = append(srv, fmt.Sprintf("kind: FlexibleAsset\norganization: %s\ntype: Gen Server\ntraits:\n  Hostname: srv-%02d-%02d\n  Role: %s\n  Cores: %d\n",
				name, o, i, []string{"Web", "DB", "App"}[i%3], 2+i%6))
			s := fmt.Sprintf("kind: FlexibleAsset\norganization: %s\ntype: Gen Service\ntraits:\n  Service: svc-%02d-%02d\n  Runs On: srv-%02d-%02d\n  Port: %d\n",
				name, o, i, o, i, 8000+i)
			if i == 0 {
				s += "  Admin Password: {env: " + genPasswordEnv + "}\n"
			}
			svc = append(svc, s)
			rb = append(rb, fmt.Sprintf("kind: FlexibleAsset\norganization: %s\ntype: Gen Runbook\ntraits:\n  Title: rb-%02d-%02d\n  Service: svc-%02d-%02d\n  Steps: |\n    1. check svc-%02d-%02d\n    2. restart it\n",
				name, o, i, o, i, o, i))
		}
		files[fmt.Sprintf("assets/org-%02d/servers.yaml", o)] = strings.Join(srv, "---\n")
		files[fmt.Sprintf("assets/org-%02d/services.yaml", o)] = strings.Join(svc, "---\n")
		files[fmt.Sprintf("assets/org-%02d/runbooks.yaml", o)] = strings.Join(rb, "---\n")
	}
	files["organizations/all.yaml"] = strings.Join(orgs, "---\n")
	files["glue-sync.yaml"] = "version: 1\nmanage:\n  organizations: [" + strings.Join(orgNames, ", ") + "]\n" +
		"  flexibleAssetTypes: [Gen Server, Gen Service, Gen Runbook]\n" +
		"defaults:\n  organizationType: Customer\n  organizationStatus: Active\n"
	files["types/types.yaml"] = `kind: FlexibleAssetType
name: Gen Server
fields:
  - {name: Hostname, kind: Text, required: true, useForTitle: true, showInList: true}
  - {name: Role, kind: Select, options: [Web, DB, App], showInList: true}
  - {name: Cores, kind: Number, decimals: 0}
---
kind: FlexibleAssetType
name: Gen Service
fields:
  - {name: Service, kind: Text, required: true, useForTitle: true, showInList: true}
  - {name: Runs On, kind: Tag, tagType: {flexibleAssetType: Gen Server}}
  - {name: Port, kind: Number, decimals: 0}
  - {name: Admin Password, kind: Password}
---
kind: FlexibleAssetType
name: Gen Runbook
fields:
  - {name: Title, kind: Text, required: true, useForTitle: true, showInList: true}
  - {name: Service, kind: Tag, tagType: {flexibleAssetType: Gen Service}}
  - {name: Steps, kind: Textbox}
`
	clitest.WriteFiles(t, dir, files)
	return dir
}
