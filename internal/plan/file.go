package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Encode writes p as indented JSON, stamping the current FormatVersion.
func Encode(w io.Writer, p *Plan) error {
	out := *p
	out.FormatVersion = FormatVersion
	if out.Changes == nil {
		out.Changes = []Change{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&out); err != nil {
		return fmt.Errorf("encoding plan: %w", err)
	}
	return nil
}

// MaxFileBytes is the largest plan file Decode reads: about ten times the
// plan of 20,000 asset updates with full trait sets.
const MaxFileBytes = 256 << 20

// Decode reads a plan written by Encode, at most MaxFileBytes of it. It
// refuses a plan whose format has a different major version, one with an
// unknown action, and anything after the plan, so that apply never guesses
// what an old or new plan meant. Check verifies the rest.
func Decode(r io.Reader) (*Plan, error) { return decode(r, MaxFileBytes) }

func decode(r io.Reader, limit int64) (*Plan, error) {
	var p Plan
	lr := &io.LimitedReader{R: r, N: limit + 1}
	dec := json.NewDecoder(lr)
	err := dec.Decode(&p)
	if lr.N <= 0 {
		return nil, fmt.Errorf("reading plan: larger than %s: not a glue-sync plan file", sizeOf(limit))
	}
	if err != nil {
		return nil, fmt.Errorf("reading plan: not a glue-sync plan file: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("reading plan: more follows the plan: not a glue-sync plan file")
	}
	if p.FormatVersion == "" {
		return nil, fmt.Errorf("reading plan: no format_version: not a glue-sync plan file")
	}
	if major(p.FormatVersion) != major(FormatVersion) {
		return nil, fmt.Errorf("reading plan: format version %s is not supported by this glue-sync (it reads %s); re-run plan with this version",
			p.FormatVersion, FormatVersion)
	}
	if older(p.FormatVersion, MinFormatVersion) {
		return nil, fmt.Errorf("reading plan: format version %s was written by an older glue-sync that could damage Password traits; re-run plan with this version (it writes %s)",
			p.FormatVersion, FormatVersion)
	}
	for i, ch := range p.Changes {
		if !ch.Action.Valid() {
			return nil, fmt.Errorf("reading plan: change %d (%s) has unknown action %q", i, ch.ID, ch.Action)
		}
	}
	return &p, nil
}

// older reports whether version v is before min (both "major.minor"; the
// majors are known to be equal).
func older(v, min string) bool {
	_, a, _ := strings.Cut(v, ".")
	_, b, _ := strings.Cut(min, ".")
	x, errX := strconv.Atoi(a)
	y, errY := strconv.Atoi(b)
	return errX != nil || errY == nil && x < y
}

func major(v string) string {
	m, _, _ := strings.Cut(v, ".")
	return m
}

// sizeOf writes a byte count as MiB when it is a whole number of them.
func sizeOf(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
