package guard

import (
	"fmt"
	"time"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// Status is the outcome of a guard check.
type Status int

const (
	// Fresh: the object is as the plan saw it (or the change has no
	// guard); the change may go ahead.
	Fresh Status = iota
	// Stale: the object changed or is gone since the plan was made; the
	// change must be refused.
	Stale
	// Unchecked: the check could not be made (the re-read failed, or the
	// plan's guard is unreadable); the change must not go ahead.
	Unchecked
)

// String names the status for messages and tests.
func (s Status) String() string {
	switch s {
	case Fresh:
		return "fresh"
	case Stale:
		return "stale"
	case Unchecked:
		return "unchecked"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Verdict is the outcome of the guard check of one change.
type Verdict struct {
	Status Status
	// Reason says why a Stale object no longer matches the plan, as a
	// user reads it ("the live object changed since the plan was made
	// (updated at ..., planned at ...)").
	Reason string
	// Err says why an Unchecked change could not be checked.
	Err error
}

// Message is the verdict's reason or error, for a report ("" when fresh).
func (v Verdict) Message() string {
	switch {
	case v.Err != nil:
		return v.Err.Error()
	case v.Status == Fresh:
		return ""
	}
	return v.Reason
}

// Kind is the kind of the object a change's guard describes: the type for
// a field reorder (whose LiveID is the type's), else the change's own.
func Kind(ch *plan.Change) plan.Kind {
	if ch.Kind == plan.KindField && ch.Write != nil && len(ch.Write.Orders) > 0 {
		return plan.KindAssetType
	}
	return ch.Kind
}

// Gone is the verdict for a guarded change whose object the API says no
// longer exists.
func Gone(ch *plan.Change) Verdict {
	return Verdict{Status: Stale, Reason: fmt.Sprintf("%s %d no longer exists", Kind(ch), ch.LiveID)}
}

// Check compares a change's guard with its live object as re-read (for a
// field reorder, the type read with its fields). A change without a guard
// is Fresh. The updated-at is compared first (when both sides have one),
// then the hash of the compared values; a guard without a hash, or one
// whose updated-at cannot be read, leaves the change Unchecked rather
// than checked more weakly.
func Check(ch *plan.Change, live Live) Verdict {
	if ch == nil || ch.Guard == nil {
		return Verdict{Status: Fresh}
	}
	if k := Kind(ch); k != live.Kind {
		return Verdict{Status: Unchecked, Err: fmt.Errorf("checking change %s: its guard describes a %s, the object re-read is a %s", ch.ID, k, live.Kind)}
	}
	if ch.Guard.Hash == "" {
		return Verdict{Status: Unchecked, Err: fmt.Errorf("the plan's guard for %s has no hash, so the change cannot be checked against the live object; run plan again", ch.ID)}
	}
	got := live.Guard
	if Kind(ch) != ch.Kind {
		got = live.Order
	}
	if ch.Guard.UpdatedAt != "" && got.UpdatedAt != "" {
		want, err := time.Parse(time.RFC3339Nano, ch.Guard.UpdatedAt)
		if err != nil {
			return Verdict{Status: Unchecked, Err: fmt.Errorf("the plan's guard for %s has an unreadable updated_at %q; run plan again", ch.ID, ch.Guard.UpdatedAt)}
		}
		now, err := time.Parse(time.RFC3339Nano, got.UpdatedAt)
		if err == nil && !now.Equal(want) {
			return Verdict{Status: Stale, Reason: fmt.Sprintf("the live object changed since the plan was made (updated at %s, planned at %s)",
				got.UpdatedAt, ch.Guard.UpdatedAt)}
		}
	}
	if ch.Guard.Hash != got.Hash {
		return Verdict{Status: Stale, Reason: "the live object changed since the plan was made (its compared values differ)"}
	}
	return Verdict{Status: Fresh}
}
