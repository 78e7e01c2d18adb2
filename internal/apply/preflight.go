package apply

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/safefile"
)

// preflight checks, before anything is written, that every environment
// variable a Password trait of p sets (not one it keeps) is set and every Upload file it
// sends can be read, and returns one error listing everything missing.
// Without it, a missing value would fail its change after others were
// applied: a half-applied account for a problem known in advance.
func preflight(p *plan.Plan, getenv func(string) string) error {
	vars, files := map[string][]string{}, map[string][]string{}
	why := map[string]string{} // file -> why it cannot be sent
	for i := range p.Changes {
		ch := &p.Changes[i]
		if ch.Action == plan.NoOp || ch.Action == plan.Delete || ch.Write == nil {
			continue
		}
		for _, src := range ch.Write.Secrets {
			if src.Keep {
				continue // kept as it is: read from the account, not the environment
			}
			if src.Env == "" || getenv == nil || getenv(src.Env) == "" {
				vars[src.Env] = append(vars[src.Env], ch.ID)
			}
		}
		for _, src := range ch.Write.Uploads {
			path := src.File
			if !filepath.IsAbs(path) {
				path = filepath.Join(p.Source.Dir, filepath.FromSlash(src.File))
			}
			// safefile: a named pipe must not block apply (nor Ctrl-C).
			f, fi, err := safefile.Open(path)
			switch {
			case err != nil:
				files[path] = append(files[path], ch.ID)
				why[path] = "cannot be read: " + unwrapPath(err).Error()
			case fi.Size() > safefile.MaxUpload:
				f.Close()
				files[path] = append(files[path], ch.ID)
				why[path] = "is " + safefile.Size(fi.Size()) + ", larger than " + safefile.Size(safefile.MaxUpload)
			default:
				f.Close()
			}
		}
	}
	if len(vars) == 0 && len(files) == 0 {
		return nil
	}
	var lines []string
	for _, v := range sortedKeys(vars) {
		name := v
		if name == "" {
			name = "(no variable named)"
		}
		lines = append(lines, fmt.Sprintf("environment variable %s is not set (Password for %s)", name, strings.Join(vars[v], ", ")))
	}
	for _, f := range sortedKeys(files) {
		lines = append(lines, fmt.Sprintf("file %s %s (Upload for %s)", f, why[f], strings.Join(files[f], ", ")))
	}
	return fmt.Errorf("nothing was applied: the plan needs %d %s that %s missing:\n  %s\nset the variables (in CI: as secrets in the apply job's env) and run apply from the directory plan ran in",
		len(lines), plural(len(lines), "value", "values"), plural(len(lines), "is", "are"), strings.Join(lines, "\n  "))
}

// unwrapPath drops the *fs.PathError wrapper, whose path the message
// already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func sortedKeys(m map[string][]string) []string {
	ks := make([]string, 0, len(m))
	for k, ids := range m {
		slices.Sort(ids)
		m[k] = slices.Compact(ids)
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
