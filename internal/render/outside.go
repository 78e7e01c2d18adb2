package render

import (
	"strconv"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// outsideScopeText is the one-line note on live objects outside the
// managed scope, e.g. "1 organization and 2 flexible asset types in the
// account are outside the repository's managed scope (manage: in
// glue-sync.yaml): not compared, never changed." It is "" when there are
// none. Counts only: an account may hold thousands of such organizations.
func outsideScopeText(o *plan.OutsideScope) string {
	if o == nil {
		return ""
	}
	var parts []string
	if o.Organizations > 0 {
		parts = append(parts, strconv.Itoa(o.Organizations)+" "+kindNoun(plan.KindOrganization, o.Organizations))
	}
	if o.AssetTypes > 0 {
		parts = append(parts, strconv.Itoa(o.AssetTypes)+" "+kindNoun(plan.KindAssetType, o.AssetTypes))
	}
	if len(parts) == 0 {
		return ""
	}
	s := parts[0]
	if len(parts) == 2 {
		s += " and " + parts[1]
	}
	verb := " are"
	if o.Organizations+o.AssetTypes == 1 {
		verb = " is"
	}
	return s + " in the account" + verb + " outside the repository's managed scope (manage: in glue-sync.yaml): not compared, never changed."
}
