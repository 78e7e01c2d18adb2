package reconcile

// Options tune Compute.
type Options struct {
	// Targets narrows the plan to these organizations and flexible asset
	// types (by name, as --target gives them): their own changes, their
	// assets' changes, and whatever those depend on. Empty plans everything.
	Targets []string
	// ForcePrune lets deletes exceed the repository's prune thresholds.
	ForcePrune bool
	// RotateSecrets plans every Password trait the repository states as
	// "will be set", even when the live asset already holds a password.
	// Without it a Password trait is only set when the live one is empty,
	// because glue-sync never reads a password and cannot tell whether the
	// value differs.
	RotateSecrets bool
	// SourceDir and SourceCommit fill plan.Source.
	SourceDir    string
	SourceCommit string
	// BaseURL and Sandbox fill plan.Target.
	BaseURL string
	Sandbox bool
	// EnvSet reports whether an environment variable is set (and not
	// empty). Compute uses it only to check that the variable a Password
	// trait names exists when the plan sets that password; it never sees a
	// value. Nil means no variable is set.
	EnvSet func(name string) bool
	// SecretsAtApply plans a Password trait to set without checking that
	// its variable is set: a pull request's plan (where forks get no
	// secrets) shows "set from $VAR at apply", and apply checks every
	// variable before its first write.
	SecretsAtApply bool
	// FileSize returns the size of a file of the repository (path relative
	// to its root), or false when unknown. With it, an Upload whose file
	// keeps its name but changes size is planned as a change; without it
	// Uploads are compared by file name only. Nil means unknown.
	FileSize func(path string) (int64, bool)
}

// EnvSetFrom adapts a getenv function to Options.EnvSet.
func EnvSetFrom(getenv func(string) string) func(string) bool {
	return func(name string) bool { return getenv(name) != "" }
}

func (o Options) envSet(name string) bool { return o.EnvSet != nil && o.EnvSet(name) }
