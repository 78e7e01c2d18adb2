package plan

import (
	"errors"
	"fmt"
)

// CheckDiffs reports the first way ch's diffs break the Before/After
// contract documented on Change: a create has no Before, a delete no
// After, a no-op no diffs, and a sensitive diff neither value. Planners'
// tests run it on every change they make; nil means ch keeps the contract.
func (ch *Change) CheckDiffs() error {
	if ch.Action == NoOp && len(ch.Diffs) > 0 {
		return fmt.Errorf("change %s: a no-op has %d diffs; want none", ch.ID, len(ch.Diffs))
	}
	for _, d := range ch.Diffs {
		switch {
		case d.Sensitive && (d.Before != nil || d.After != nil):
			return fmt.Errorf("change %s: sensitive diff %s carries a value", ch.ID, d.Path)
		case ch.Action == Create && d.Before != nil:
			return fmt.Errorf("change %s: create diff %s has before %s; a create has no live value", ch.ID, d.Path, d.Before)
		case ch.Action == Delete && d.After != nil:
			return fmt.Errorf("change %s: delete diff %s has after %s; a delete has no desired value", ch.ID, d.Path, d.After)
		case !d.Sensitive && d.Before == nil && d.After == nil:
			return fmt.Errorf("change %s: diff %s has neither a before nor an after value", ch.ID, d.Path)
		}
	}
	return nil
}

// CheckDiffs runs Change.CheckDiffs on every change and joins what it finds.
func (p *Plan) CheckDiffs() error {
	var errs []error
	for i := range p.Changes {
		if err := p.Changes[i].CheckDiffs(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
