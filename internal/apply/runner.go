package apply

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// runner is the state of one Apply: the outcome and id of every change
// seen so far, and the live ids looked up by name.
type runner struct {
	api  API
	p    *plan.Plan
	opts Options

	status map[string]Status // change id -> outcome (no-ops count as applied)
	ids    map[string]int64  // change id -> live id (created or existing)
	byName map[string]*plan.Change
	byID   map[string]*plan.Change
	// verdicts are the guard checks made before the first write, by
	// change id.
	verdicts map[string]guard.Verdict
	// orgIDs and typeIDs cache live ids looked up by name.
	orgIDs, typeIDs map[string]int64
	// fieldKeys are the name-keys of fields written in this run, by change
	// id (Write.FieldKeys points trait keys at them).
	fieldKeys map[string]string
	// secrets are the values read for the change in flight, scrubbed from
	// any message it produces.
	secrets []string
	// early are the results of changes written ahead of their place in
	// the plan (asset updates sent in bulk), by change id.
	early map[string]Result
	// pos is each change's index in the plan, by change id.
	pos map[string]int
	// wave holds the live ids of the assets created by the create batch in
	// flight (see createBatch), by change id; nil between batches.
	wave map[string]int64
	// conc is what apply knows to keep concurrent applies from leaving
	// duplicates (see concurrent.go).
	conc concurrency
	// perObject turns off bulk re-reads and bulk updates: one GET and one
	// PATCH per object, as before they existed (benchmarks compare).
	perObject bool
}

func newRunner(api API, p *plan.Plan, opts Options) *runner {
	r := &runner{api: api, p: p, opts: opts,
		status: map[string]Status{}, ids: map[string]int64{}, byName: map[string]*plan.Change{}, byID: map[string]*plan.Change{},
		verdicts: map[string]guard.Verdict{}, fieldKeys: map[string]string{}, orgIDs: map[string]int64{}, typeIDs: map[string]int64{},
		early: map[string]Result{}, pos: map[string]int{}, conc: newConcurrency(p)}
	for i := range p.Changes {
		ch := &p.Changes[i]
		r.byID[ch.ID] = ch
		r.pos[ch.ID] = i
		switch ch.Kind {
		case plan.KindOrganization, plan.KindAssetType:
			r.byName[nameKey(ch.Kind, ch.Name)] = ch
		}
	}
	return r
}

func nameKey(k plan.Kind, name string) string { return string(k) + "\x00" + name }

// done records a change's outcome.
func (r *runner) done(ch *plan.Change, s Status, id int64) {
	r.status[ch.ID] = s
	if s == Applied && id != 0 {
		r.ids[ch.ID] = id
	}
	r.secrets = nil
}

// blocked reports why ch cannot run (false) when a change it depends on did
// not succeed.
func (r *runner) blocked(ch *plan.Change) (string, bool) {
	for _, dep := range ch.DependsOn {
		s, seen := r.status[dep]
		if !seen {
			if r.inPlan(dep) {
				return fmt.Sprintf("it depends on %s, which comes later in the plan (the plan is out of order)", dep), false
			}
			continue // not part of this plan: nothing to wait for
		}
		if s != Applied {
			return fmt.Sprintf("it depends on %s, which was %s", dep, s), false
		}
	}
	return "", true
}

func (r *runner) inPlan(id string) bool { return r.change(id) != nil }

// change returns the plan's change with id, or nil.
func (r *runner) change(id string) *plan.Change { return r.byID[id] }

// ref resolves a reference to a live id.
func (r *runner) ref(ref plan.Ref) (int64, error) {
	if ref.Change == "" {
		if ref.ID == 0 {
			return 0, fmt.Errorf("the plan holds an empty reference")
		}
		return ref.ID, nil
	}
	if id, ok := r.wave[ref.Change]; ok {
		return id, nil // created by an earlier wave of the batch in flight
	}
	s, seen := r.status[ref.Change]
	switch {
	case !seen && r.inPlan(ref.Change):
		return 0, skipError{fmt.Sprintf("it refers to %s, which comes later in the plan (the plan is out of order)", ref.Change)}
	case !seen:
		return 0, fmt.Errorf("it refers to %s, which is not in the plan", ref.Change)
	case s != Applied:
		return 0, skipError{fmt.Sprintf("it refers to %s, which was %s", ref.Change, s)}
	}
	id := r.ids[ref.Change]
	if id == 0 {
		return 0, fmt.Errorf("it refers to %s, whose id is unknown", ref.Change)
	}
	return id, nil
}

// parentID finds the live id of the organization or type called name: the
// id of the plan's change for it when there is one (created earlier in this
// run, or existing), else a lookup by name through the API.
func (r *runner) parentID(ctx context.Context, k plan.Kind, name string) (int64, error) {
	if name == "" {
		return 0, fmt.Errorf("the plan does not say which %s it belongs to", k)
	}
	if pc := r.byName[nameKey(k, name)]; pc != nil {
		if pc.Action != plan.Create && pc.LiveID != 0 {
			return pc.LiveID, nil
		}
		return r.ref(plan.Ref{Change: pc.ID})
	}
	cache := r.orgIDs
	if k == plan.KindAssetType {
		cache = r.typeIDs
	}
	if id, ok := cache[name]; ok {
		return id, nil
	}
	var ids []int64
	switch k {
	case plan.KindOrganization:
		orgs, err := r.api.Organizations(ctx, []string{name})
		if err != nil {
			return 0, fmt.Errorf("looking up organization %q: %w", name, err)
		}
		for _, o := range orgs {
			ids = append(ids, o.ID)
		}
	default:
		types, err := r.api.AssetTypes(ctx, []string{name})
		if err != nil {
			return 0, fmt.Errorf("looking up flexible asset type %q: %w", name, err)
		}
		for _, t := range types {
			ids = append(ids, t.ID)
		}
	}
	switch len(ids) {
	case 0:
		return 0, fmt.Errorf("there is no %s called %q", k, name)
	case 1:
		cache[name] = ids[0]
		return ids[0], nil
	}
	return 0, fmt.Errorf("%d objects of kind %s are called %q: pin the one meant by id", len(ids), k, name)
}

// minRedactLen is the shortest secret replaced wherever it appears. A
// shorter one (a test password "a") would mangle every word it occurs in
// ("upd(secret)ting") while hiding nothing: it is replaced only where it
// is known to be a value, as a whole quoted string.
const minRedactLen = 8

// clean turns an error into a report message with every secret value read
// for the change replaced by "(secret)": anywhere for a secret of at least
// minRedactLen bytes, else only as a whole quoted (JSON or Go) string.
func (r *runner) clean(_ *plan.Change, err error) string {
	msg := err.Error()
	for _, s := range r.secrets {
		for _, f := range secretForms(s) {
			if len(s) >= minRedactLen {
				msg = strings.ReplaceAll(msg, f, "(secret)")
				continue
			}
			msg = strings.ReplaceAll(msg, `"`+f+`"`, `"(secret)"`)
			msg = strings.ReplaceAll(msg, `\"`+f+`\"`, `\"(secret)\"`)
		}
	}
	return msg
}

// secretForms are the ways a Password value can appear in an error: an
// API error may quote the JSON body it refused, where the value is
// JSON-escaped (with or without HTML escapes), so those forms come first,
// then the value as is.
func secretForms(s string) []string {
	if s == "" {
		return nil
	}
	html, _ := json.Marshal(s)
	var plain bytes.Buffer
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return []string{
		strings.Trim(string(html), `"`),
		strings.Trim(strings.TrimSpace(plain.String()), `"`),
		s,
	}
}
