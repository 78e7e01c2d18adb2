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

// Decode reads a plan written by Encode. It refuses a plan whose format has
// a different major version, and one with an unknown action, so that apply
// never guesses what an old or new plan meant.
func Decode(r io.Reader) (*Plan, error) {
	var p Plan
	dec := json.NewDecoder(r)
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("reading plan: not a glue-sync plan file: %w", err)
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
