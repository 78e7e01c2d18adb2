package cli

import (
	"context"
	"strings"
	"testing"
)

var formatsOf = map[string][]string{"validate": validateFormats, "plan": planFormats, "apply": applyFormats}

// TestExamplesParse checks that every command has examples and that each
// glue-sync invocation in them names a real command, uses only flags it
// has, with valid values, and a number of arguments it accepts.
func TestExamplesParse(t *testing.T) {
	t.Parallel()
	ios, _, _, _ := TestStreams()
	root := newRootCmd(&deps{ctx: context.Background(), getenv: func(string) string { return "" }, io: ios})
	for _, c := range root.Commands() {
		if c.Hidden || c.Name() == "help" || c.Name() == "version" {
			continue
		}
		t.Run(c.Name(), func(t *testing.T) {
			if c.Example == "" {
				t.Fatalf("%s has no Example", c.Name())
			}
			n := 0
			for _, line := range strings.Split(c.Example, "\n") {
				_, inv, ok := strings.Cut(line, "glue-sync ")
				if !ok || !strings.HasPrefix(strings.TrimSpace(line), "$") {
					continue
				}
				if i := strings.Index(inv, " >"); i >= 0 {
					inv = inv[:i] // drop a shell redirection
				}
				args := shellWords(inv)
				// A fresh tree per line, so that flags do not carry over.
				fresh := newRootCmd(&deps{ctx: context.Background(), getenv: func(string) string { return "" }, io: ios})
				sub, rest, err := fresh.Find(args)
				if err != nil || sub == fresh {
					t.Errorf("%q: names no command (%v)", inv, err)
					continue
				}
				if sub.Name() == c.Name() {
					n++
				}
				if err := sub.ParseFlags(rest); err != nil {
					t.Errorf("%q: %v", inv, err)
					continue
				}
				if err := sub.ValidateArgs(sub.Flags().Args()); err != nil {
					t.Errorf("%q: %v", inv, err)
				}
				if f := sub.Flags().Lookup("format"); f != nil {
					if err := checkFormat(sub, f.Value.String(), formatsOf[sub.Name()]...); err != nil {
						t.Errorf("%q: %v", inv, err)
					}
				}
			}
			if n == 0 {
				t.Errorf("%s's Example has no \"$ glue-sync %s ...\" line", c.Name(), c.Name())
			}
		})
	}
}

// shellWords splits s at spaces, keeping "double-quoted words" together.
func shellWords(s string) []string {
	var words []string
	var b strings.Builder
	quoted, in := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted, in = !quoted, true
		case r == ' ' && !quoted:
			if in {
				words = append(words, b.String())
				b.Reset()
				in = false
			}
		default:
			b.WriteRune(r)
			in = true
		}
	}
	if in {
		words = append(words, b.String())
	}
	return words
}
