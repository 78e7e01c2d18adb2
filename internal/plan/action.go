package plan

// Action is what a change does to one live object.
type Action string

// The actions, as they appear in JSON plans.
const (
	// Create makes a new live object. Before is empty, After is the desired state.
	Create Action = "create"
	// Update changes some attributes of an existing live object. Diffs lists
	// exactly the attributes that change; attributes the repository does not
	// manage are left as they are.
	Update Action = "update"
	// Delete removes a live object. It only appears when the repository's
	// prune policy opts in for the object's kind.
	Delete Action = "delete"
	// NoOp means the live object already matches; kept so that reports can
	// count what was checked.
	NoOp Action = "no-op"
)

// Symbol is the one-character mark used for the action in text and
// Markdown renderings: "+", "~", "-" and " " for no-op.
func (a Action) Symbol() string {
	switch a {
	case Create:
		return "+"
	case Update:
		return "~"
	case Delete:
		return "-"
	default:
		return " "
	}
}

// Verb is the past-tense-free verb a renderer uses ("create", "update", ...).
func (a Action) Verb() string { return string(a) }

// Valid reports whether a is one of the known actions.
func (a Action) Valid() bool {
	switch a {
	case Create, Update, Delete, NoOp:
		return true
	}
	return false
}
