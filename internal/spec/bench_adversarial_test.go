package spec

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// BenchmarkLoadAdversarial loads single files shaped to find quadratic
// paths: one Tag trait listing 100,000 names; 20,000 organizations in one
// parent chain closed into a cycle; a type of 20,000 fields and an asset
// setting each by its name-key; 20,000 organizations listed in manage:.
// Each must load in well under a second (the first two took minutes, the
// third about 20 s, before their checks became linear).
func BenchmarkLoadAdversarial(b *testing.B) {
	var tags strings.Builder
	tags.WriteString("kind: FlexibleAsset\norganization: Contoso\ntype: App\ntraits:\n  Name: Wide\n  Owner: [")
	for i := range 100_000 {
		fmt.Fprintf(&tags, "C%d,", i)
	}
	tags.WriteString("]\n")

	var chain strings.Builder
	const n = 20_000
	for i := range n {
		fmt.Fprintf(&chain, "---\nkind: Organization\nname: O%d\nparent: O%d\n", i, (i+1)%n)
	}

	var wide strings.Builder
	wide.WriteString("kind: FlexibleAssetType\nname: Wide\nfields:\n  - {name: Title, kind: Text, useForTitle: true, showInList: true}\n")
	for i := range 20_000 {
		fmt.Fprintf(&wide, "  - {name: Field %d, kind: Text}\n", i)
	}
	wide.WriteString("---\nkind: FlexibleAsset\norganization: Contoso\ntype: Wide\ntraits:\n  Title: X\n")
	for i := range 20_000 {
		fmt.Fprintf(&wide, "  field-%d: v\n", i)
	}

	var scope, scoped strings.Builder
	scope.WriteString("version: 1\nmanage:\n  organizations: [Contoso, Fabrikam")
	for i := range 20_000 {
		fmt.Fprintf(&scope, ", S%d", i)
		fmt.Fprintf(&scoped, "---\nkind: Organization\nname: S%d\n", i)
	}
	scope.WriteString("]\n")

	for _, c := range []struct{ name, doc, config string }{
		{"tag-list=100000", tags.String(), ""},
		{"parent-chain=20000", chain.String(), ""},
		{"fields=20000", wide.String(), ""},
		{"managed-orgs=20000", scoped.String(), scope.String()},
	} {
		b.Run(c.name, func(b *testing.B) {
			fsys := baseFS(b)
			fsys["case.yaml"] = &fstest.MapFile{Data: []byte(c.doc)}
			if c.config != "" {
				fsys[ConfigFile] = &fstest.MapFile{Data: []byte(c.config)}
			}
			b.SetBytes(int64(len(c.doc)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				Load(context.Background(), fsys, ".")
			}
		})
	}
}
