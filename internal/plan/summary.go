package plan

// Counts is how many changes of each action a plan holds.
type Counts struct {
	Create, Update, Delete, NoOp int
}

// Total is the number of changes that do something (no-ops excluded).
func (c Counts) Total() int { return c.Create + c.Update + c.Delete }

// Count tallies the plan's changes by action.
func (p *Plan) Count() Counts {
	var c Counts
	for _, ch := range p.Changes {
		switch ch.Action {
		case Create:
			c.Create++
		case Update:
			c.Update++
		case Delete:
			c.Delete++
		case NoOp:
			c.NoOp++
		}
	}
	return c
}

// HasChanges reports whether applying the plan would change anything.
func (p *Plan) HasChanges() bool { return p.Count().Total() > 0 }
