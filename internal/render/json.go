package render

import (
	"fmt"
	"io"
	"maps"
	"net/url"
	"slices"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// JSON writes p as the versioned JSON plan (plan.Encode), after Redacted
// has removed anything sensitive a malformed plan might carry. The format
// is documented in docs/plan-format.md.
func JSON(w io.Writer, p *plan.Plan) error {
	if err := checkPlan(p); err != nil {
		return fmt.Errorf("rendering plan as JSON: %w", err)
	}
	return plan.Encode(w, Redacted(p))
}

// Redacted returns p with every value that must never be written removed,
// leaving p itself unchanged (parts that need no change are shared):
//   - a diff that is Sensitive, or that touches a trait the change's Write
//     names as a secret, loses Before and After and is marked Sensitive;
//   - a Write.Traits entry for a trait that Write.Secrets also names is
//     dropped (secrets are read from their source at apply time);
//   - Target.BaseURL loses any user info, query and fragment.
//
// A plan made by reconcile has none of these, so for it Redacted changes
// nothing; it is defence in depth for every output and plan file.
func Redacted(p *plan.Plan) *plan.Plan {
	out := *p
	out.Target.BaseURL = cleanURL(p.Target.BaseURL)
	out.Changes = nil
	for i := range p.Changes {
		ch, changed := redactChange(&p.Changes[i])
		if changed && out.Changes == nil {
			out.Changes = slices.Clone(p.Changes)
		}
		if out.Changes != nil {
			out.Changes[i] = ch
		}
	}
	if out.Changes == nil {
		out.Changes = p.Changes
	}
	return &out
}

func redactChange(in *plan.Change) (plan.Change, bool) {
	ch := *in
	changed := false
	for i, d := range in.Diffs {
		if !isSensitive(in, d) || (d.Sensitive && d.Before == nil && d.After == nil) {
			continue
		}
		if !changed {
			ch.Diffs = slices.Clone(in.Diffs)
			changed = true
		}
		ch.Diffs[i] = plan.Diff{Path: d.Path, Sensitive: true}
	}
	if w := in.Write; w != nil && len(w.Secrets) > 0 && len(w.Traits) > 0 {
		var drop []string
		for k := range w.Traits {
			for s := range w.Secrets {
				if looseKey(k) == looseKey(s) {
					drop = append(drop, k)
					break
				}
			}
		}
		if len(drop) > 0 {
			wc := *w
			wc.Traits = maps.Clone(w.Traits)
			for _, k := range drop {
				delete(wc.Traits, k)
			}
			ch.Write = &wc
			changed = true
		}
	}
	return ch, changed
}

// cleanURL drops user info, query and fragment from a URL; text that does
// not parse as a URL is replaced by a marker rather than written as is.
func cleanURL(s string) string {
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil {
		return "(unreadable URL)"
	}
	if u.User == nil && u.RawQuery == "" && u.Fragment == "" && !u.ForceQuery {
		return s
	}
	u.User, u.RawQuery, u.Fragment, u.RawFragment, u.ForceQuery = nil, "", "", "", false
	return u.String()
}
