package plan

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// CheckOptions are the rules Check applies that do not belong to the plan
// format itself.
type CheckOptions struct {
	// SecretEnv, when set, vets the name of every environment variable a
	// plan reads a Password value from, with the rules validate applies to
	// the repository (a denylist of CI and glue-sync variables, say). It
	// returns nil for a name that may be read, else why not.
	SecretEnv func(name string) error
}

// maxCheckErrors is how many problems Check lists before it stops.
const maxCheckErrors = 20

// envNamePattern is what an environment variable name in a plan may look
// like: the repository's {env: NAME} rule.
var envNamePattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`) })

// Check verifies a plan read from a file before anything is sent: a plan
// file may travel as a CI artifact, where it can be edited, so apply
// trusts nothing in it that glue-sync plan would not have written. It
// refuses
//
//   - a change without an id, with an id used twice, or with an unknown
//     kind;
//   - an update or delete without a live id or without a guard (it would
//     run blind: apply could not tell that the object changed since the
//     plan);
//   - a create with a live id;
//   - a depends_on or reference (refs, tags, tag_type, field_keys) naming
//     a change that does not come earlier in the plan;
//   - a Password value read from an environment variable whose name is not
//     a plain variable name, or that opts.SecretEnv refuses;
//   - an Upload file that is not a clean relative path inside the
//     repository: absolute, with "..", "\", a hidden component such as
//     .git, or empty;
//   - diffs that break the Before/After contract (CheckDiffs).
//
// The error lists every problem found (up to 20), each naming the change by
// position and id, and ends with what to do. Check reads no file and makes
// no request; the cli checks what needs the disk (symbolic links) and the
// account.
func Check(p *Plan, opts CheckOptions) error {
	c := checker{opts: opts, index: make(map[string]int, len(p.Changes))}
	if p.Target.BaseURL == "" && !p.Target.Sandbox {
		c.add("the plan names no target.base_url")
	}
	for i := range p.Changes {
		c.change(i, &p.Changes[i])
		if len(c.errs) >= maxCheckErrors {
			c.errs = append(c.errs, "… (stopped after 20 problems)")
			break
		}
	}
	if len(c.errs) == 0 {
		return nil
	}
	return &CheckError{Problems: c.errs}
}

// CheckError is what Check returns: every problem found in a plan file.
type CheckError struct {
	// Problems are one line each, naming the change.
	Problems []string
}

// Error lists the problems and says what to do.
func (e *CheckError) Error() string {
	return fmt.Sprintf("the plan file is not as glue-sync plan writes it (was it edited or damaged?):\n  %s\nnothing was applied; make a new plan with glue-sync plan --out FILE and apply that",
		strings.Join(e.Problems, "\n  "))
}

type checker struct {
	opts  CheckOptions
	index map[string]int // change id -> position
	errs  []string
}

func (c *checker) add(format string, args ...any) {
	c.errs = append(c.errs, fmt.Sprintf(format, args...))
}

func (c *checker) change(i int, ch *Change) {
	at := fmt.Sprintf("change %d (%q)", i+1, ch.ID)
	if ch.ID == "" {
		c.add("change %d has no id", i+1)
	} else if j, dup := c.index[ch.ID]; dup {
		c.add("%s: the id is also change %d's; each change has its own id (a duplicate would be applied twice)", at, j+1)
	} else {
		c.index[ch.ID] = i
	}
	switch ch.Kind {
	case KindOrganization, KindAssetType, KindField, KindAsset:
	default:
		c.add("%s: unknown kind %q", at, ch.Kind)
	}
	switch ch.Action {
	case Update, Delete:
		if ch.LiveID <= 0 {
			c.add("%s: %s without a live_id", at, article(ch.Action))
		}
		if ch.Guard == nil || ch.Guard.Hash == "" {
			c.add("%s: %s without a guard: apply could not tell whether the object changed since the plan", at, article(ch.Action))
		}
	case Create:
		if ch.LiveID != 0 {
			c.add("%s: a create with a live_id (%d); a create makes a new object", at, ch.LiveID)
		}
	}
	if ch.Action == NoOp {
		if ch.Write != nil {
			c.add("%s: a no-op with a write", at)
		}
	}
	for _, dep := range ch.DependsOn {
		c.earlier(at, "depends_on", dep, i)
	}
	if err := ch.CheckDiffs(); err != nil {
		c.add("%s: %s", at, strings.TrimPrefix(err.Error(), "change "+ch.ID+": "))
	}
	if ch.Write != nil {
		c.write(at, i, ch)
	}
}

// earlier checks that a reference to another change names one that comes
// before position i.
func (c *checker) earlier(at, what, id string, i int) {
	j, ok := c.index[id]
	switch {
	case !ok:
		c.add("%s: %s names %q, which is no earlier change of the plan", at, what, id)
	case j >= i:
		c.add("%s: %s names itself", at, what)
	}
}

func (c *checker) write(at string, i int, ch *Change) {
	w := ch.Write
	for _, k := range sortedKeys(w.Refs) {
		if r := w.Refs[k]; r.Change != "" {
			c.earlier(at, "refs."+k, r.Change, i)
		}
	}
	for _, k := range sortedKeys(w.Tags) {
		for _, r := range w.Tags[k] {
			if r.Change != "" {
				c.earlier(at, "tags."+k, r.Change, i)
			}
		}
	}
	if w.TagType != nil && w.TagType.Change != "" {
		c.earlier(at, "tag_type", w.TagType.Change, i)
	}
	for _, f := range w.Fields {
		if f.TagType != nil && f.TagType.Change != "" {
			c.earlier(at, "fields.tag_type", f.TagType.Change, i)
		}
	}
	for _, k := range sortedKeys(w.FieldKeys) {
		if fk := w.FieldKeys[k]; fk.Change != ch.ID {
			c.earlier(at, "field_keys."+k, fk.Change, i)
		}
	}
	if (len(w.Secrets) > 0 || len(w.Uploads) > 0) && (ch.Kind != KindAsset || ch.Action != Create && ch.Action != Update) {
		c.add("%s: only asset creates and updates send Password or Upload traits", at)
	}
	for _, k := range sortedKeys(w.Secrets) {
		src := w.Secrets[k]
		env := src.Env
		switch {
		case src.Keep && ch.Action == Create:
			c.add("%s: the Password trait %q keeps a password, but a create has none to keep", at, k)
		case src.Keep && src.PasswordID < 0:
			c.add("%s: the Password trait %q keeps password_id %d, which is no id", at, k, src.PasswordID)
		case src.Keep && env == "":
			// A kept trait the repository does not state reads no variable.
		case !envNamePattern().MatchString(env):
			c.add("%s: the Password trait %q reads %q, which is not an environment variable name", at, k, env)
		case c.opts.SecretEnv != nil:
			if err := c.opts.SecretEnv(env); err != nil {
				c.add("%s: the Password trait %q reads %s: %v", at, k, env, err)
			}
		}
	}
	for _, k := range sortedKeys(w.Uploads) {
		if err := CheckUploadPath(w.Uploads[k].File); err != nil {
			c.add("%s: the Upload trait %q: %v", at, k, err)
		}
	}
}

// CheckUploadPath reports why file cannot be an Upload file of a plan, or
// nil: it must be a clean path relative to the repository root, with /,
// that stays inside it and goes through no hidden folder or file (such as
// .git, where CI keeps credentials).
func CheckUploadPath(file string) error {
	switch {
	case file == "":
		return errors.New("names no file")
	case strings.ContainsAny(file, "\\\x00"):
		return fmt.Errorf("file %q holds \\ or a NUL byte; plan writes paths with /", file)
	case path.IsAbs(file) || len(file) >= 2 && file[1] == ':':
		return fmt.Errorf("file %q is absolute; plan writes paths relative to the repository root", file)
	case path.Clean(file) != file:
		return fmt.Errorf("file %q is not a clean path (plan writes %q)", file, path.Clean(file))
	}
	for _, part := range strings.Split(file, "/") {
		if part == ".." {
			return fmt.Errorf("file %q leads outside the repository", file)
		}
		if strings.HasPrefix(part, ".") {
			return fmt.Errorf("file %q goes through the hidden %q; apply reads no hidden file or folder from a plan file", file, part)
		}
	}
	return nil
}

// article is "an update" or "a delete".
func article(a Action) string {
	if a == Update {
		return "an update"
	}
	return "a " + string(a)
}

// sortedKeys returns m's keys in order, so that problems are listed the
// same way every time.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
