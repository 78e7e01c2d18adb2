package reconcile

import (
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// liveGuard is the plan.Guard of a live object a change updates or
// deletes (see package guard).
func liveGuard(l guard.Live) *plan.Guard {
	g := l.Guard
	return &g
}

// orderGuard is the plan.Guard of a reorder of t's fields.
func orderGuard(t client.FlexibleAssetType) *plan.Guard {
	g := guard.FieldOrder(t)
	return &g
}
