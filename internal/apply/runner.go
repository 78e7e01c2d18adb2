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

// ledger is what the write phase knows of the plan's changes: their
// places in the plan and, as they complete, their outcomes and live ids.
// The batches and the single writes read it to decide what is ready and
// to resolve references, and record into it what they did.
type ledger struct {
	byID   map[string]*plan.Change
	pos    map[string]int // each change's index in the plan
	byName map[string]*plan.Change
	status map[string]Status // change id -> outcome (no-ops count as applied)
	ids    map[string]int64  // change id -> live id (created or existing)
	// early are the results of changes written ahead of their place in
	// the plan (asset updates sent in bulk), by change id.
	early map[string]Result
	// wave holds the live ids of the assets created by the create batch in
	// flight (see createBatch), by change id; nil between batches.
	wave map[string]int64
}

func newLedger(p *plan.Plan) *ledger {
	lg := &ledger{byID: map[string]*plan.Change{}, pos: map[string]int{}, byName: map[string]*plan.Change{},
		status: map[string]Status{}, ids: map[string]int64{}, early: map[string]Result{}}
	for i := range p.Changes {
		ch := &p.Changes[i]
		lg.byID[ch.ID] = ch
		lg.pos[ch.ID] = i
		switch ch.Kind {
		case plan.KindOrganization, plan.KindAssetType:
			lg.byName[nameKey(ch.Kind, ch.Name)] = ch
		}
	}
	return lg
}

// writer builds and sends the request of one change: the bodies (from
// the attribute tables), the references resolved through the ledger, the
// secrets and files read at that moment, and the lookups by name. The
// write phase, its batches and the sweep's repoint write through it.
type writer struct {
	api  API
	lg   *ledger
	conc *concurrency
	// getenv reads Password variables (Options.Getenv); sourceDir is the
	// repository the plan's Upload paths are relative to.
	getenv    func(string) string
	sourceDir string
	// orgIDs and typeIDs cache live ids looked up by name.
	orgIDs, typeIDs map[string]int64
	// fieldKeys are the name-keys of fields written in this run, by change
	// id (Write.FieldKeys points trait keys at them).
	fieldKeys map[string]string
	// secrets are the values read for the change in flight, scrubbed from
	// any message it produces.
	secrets []string
}

// runner is the state of one Apply's write phase: the plan, the guard
// verdicts, and the writer (with the ledger and what it knows to keep
// concurrent applies from leaving duplicates).
type runner struct {
	*writer
	p    *plan.Plan
	opts Options

	// verdicts are the guard checks made before the first write, by
	// change id.
	verdicts map[string]guard.Verdict
	// perObject turns off bulk re-reads and bulk updates: one GET and one
	// PATCH per object, as before they existed (benchmarks compare).
	perObject bool
	// updatesPer and deletesPer are how many updates (updateChunk) and
	// deletes (deleteChunk) go in one bulk request; tests lower them to
	// reach several chunks with a few objects.
	updatesPer, deletesPer int
}

func newRunner(api API, p *plan.Plan, opts Options) *runner {
	conc := newConcurrency(p)
	w := &writer{api: api, lg: newLedger(p), conc: &conc, getenv: opts.Getenv, sourceDir: p.Source.Dir,
		fieldKeys: map[string]string{}, orgIDs: map[string]int64{}, typeIDs: map[string]int64{}}
	return &runner{writer: w, p: p, opts: opts, verdicts: map[string]guard.Verdict{},
		updatesPer: updateChunk, deletesPer: deleteChunk}
}

func nameKey(k plan.Kind, name string) string { return string(k) + "\x00" + name }

// done records a change's outcome.
func (lg *ledger) done(ch *plan.Change, s Status, id int64) {
	lg.status[ch.ID] = s
	if s == Applied && id != 0 {
		lg.ids[ch.ID] = id
	}
}

// blocked reports why ch cannot run (false) when a change it depends on did
// not succeed.
func (lg *ledger) blocked(ch *plan.Change) (string, bool) {
	for _, dep := range ch.DependsOn {
		s, seen := lg.status[dep]
		if !seen {
			if lg.inPlan(dep) {
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

func (lg *ledger) inPlan(id string) bool { return lg.change(id) != nil }

// change returns the plan's change with id, or nil.
func (lg *ledger) change(id string) *plan.Change { return lg.byID[id] }

// ref resolves a reference to a live id.
func (lg *ledger) ref(ref plan.Ref) (int64, error) {
	if ref.Change == "" {
		if ref.ID == 0 {
			return 0, fmt.Errorf("the plan holds an empty reference")
		}
		return ref.ID, nil
	}
	if id, ok := lg.wave[ref.Change]; ok {
		return id, nil // created by an earlier wave of the batch in flight
	}
	s, seen := lg.status[ref.Change]
	switch {
	case !seen && lg.inPlan(ref.Change):
		return 0, skipError{fmt.Sprintf("it refers to %s, which comes later in the plan (the plan is out of order)", ref.Change)}
	case !seen:
		return 0, fmt.Errorf("it refers to %s, which is not in the plan", ref.Change)
	case s != Applied:
		return 0, skipError{fmt.Sprintf("it refers to %s, which was %s", ref.Change, s)}
	}
	id := lg.ids[ref.Change]
	if id == 0 {
		return 0, fmt.Errorf("it refers to %s, whose id is unknown", ref.Change)
	}
	return id, nil
}

// ready reports whether every change ch depends on or refers to has been
// applied already (in this run), or created by an earlier wave of the
// batch in flight and placed before ch in the plan, so ch can be written
// now.
func (lg *ledger) ready(ch *plan.Change) bool {
	done := func(id string) bool {
		if _, ok := lg.wave[id]; ok { // created by the batch in flight
			return lg.pos[id] < lg.pos[ch.ID]
		}
		return lg.status[id] == Applied
	}
	for _, d := range ch.DependsOn {
		if lg.inPlan(d) && !done(d) {
			return false
		}
	}
	if ch.Write == nil {
		return true
	}
	for _, ref := range ch.Write.Refs {
		if ref.Change != "" && !done(ref.Change) {
			return false
		}
	}
	for _, refs := range ch.Write.Tags {
		for _, ref := range refs {
			if ref.Change != "" && !done(ref.Change) {
				return false
			}
		}
	}
	for _, fr := range ch.Write.FieldKeys {
		if !done(fr.Change) {
			return false
		}
	}
	return true
}

// parentID finds the live id of the organization or type called name: the
// id of the plan's change for it when there is one (created earlier in this
// run, or existing), else a lookup by name through the API.
func (wr *writer) parentID(ctx context.Context, k plan.Kind, name string) (int64, error) {
	if name == "" {
		return 0, fmt.Errorf("the plan does not say which %s it belongs to", k)
	}
	if pc := wr.lg.byName[nameKey(k, name)]; pc != nil {
		if pc.Action != plan.Create && pc.LiveID != 0 {
			return pc.LiveID, nil
		}
		return wr.lg.ref(plan.Ref{Change: pc.ID})
	}
	cache := wr.orgIDs
	if k == plan.KindAssetType {
		cache = wr.typeIDs
	}
	if id, ok := cache[name]; ok {
		return id, nil
	}
	var ids []int64
	switch k {
	case plan.KindOrganization:
		orgs, err := wr.api.Organizations(ctx, []string{name})
		if err != nil {
			return 0, fmt.Errorf("looking up organization %q: %w", name, err)
		}
		for _, o := range orgs {
			ids = append(ids, o.ID)
		}
	default:
		types, err := wr.api.AssetTypes(ctx, []string{name})
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
func (wr *writer) clean(_ *plan.Change, err error) string {
	msg := err.Error()
	for _, s := range wr.secrets {
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
