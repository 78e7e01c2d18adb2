package cli

import (
	"fmt"

	"github.com/glue-sync/glue-sync/internal/guard"
)

// refuseCreatedSince returns the error that ends an apply of a saved plan
// when objects it would create exist now.
func refuseCreatedSince(found []guard.Conflict) error {
	const most = 10
	lines := []string{fmt.Sprintf("%d %s this plan would create %s now (was the plan applied already?):",
		len(found), plural(len(found), "object", "objects"), plural(len(found), "exists", "exist"))}
	for _, c := range found[:min(len(found), most)] {
		lines = append(lines, "  "+c.String())
	}
	if len(found) > most {
		lines = append(lines, fmt.Sprintf("  … and %d more", len(found)-most))
	}
	return &linesError{lines: append(lines, "nothing was applied; run plan again")}
}
