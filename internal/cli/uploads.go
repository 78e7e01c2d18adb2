package cli

import (
	"path/filepath"
	"slices"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// uploadFiles lists, sorted and once each, the Upload files a plan sends
// (as the plan names them: relative to p.Source.Dir).
// Changes that send nothing (no-ops, deletes) are left out.
func uploadFiles(p *plan.Plan) []string {
	var files []string
	for i := range p.Changes {
		w := p.Changes[i].Write
		if w == nil || p.Changes[i].Action == plan.NoOp {
			continue
		}
		for _, u := range w.Uploads {
			files = append(files, u.File)
		}
	}
	slices.Sort(files)
	return slices.Compact(files)
}

// uploadPath is where apply reads an Upload file a plan names.
func uploadPath(p *plan.Plan, file string) string {
	return filepath.Join(p.Source.Dir, filepath.FromSlash(file))
}
