package cli

import (
	"fmt"
	"strings"

	"github.com/glue-sync/glue-sync/internal/guard"
)

// refuseCreatedSince returns the error that ends an apply of a saved plan
// when objects it would create exist now.
func refuseCreatedSince(found []guard.Conflict) error {
	const most = 10
	var list []string
	for _, c := range found[:min(len(found), most)] {
		list = append(list, c.String())
	}
	more := ""
	if len(found) > most {
		more = fmt.Sprintf("\n  … and %d more", len(found)-most)
	}
	return fmt.Errorf("%d %s this plan would create %s now (was the plan applied already?):\n  %s%s\nnothing was applied; run plan again",
		len(found), plural(len(found), "object", "objects"), plural(len(found), "exists", "exist"), strings.Join(list, "\n  "), more)
}
