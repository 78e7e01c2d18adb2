package reconcile

import (
	"strings"
	"testing"
)

func TestCheckTargets(t *testing.T) {
	d, _ := fixture()
	tests := []struct {
		name    string
		targets []string
		want    []string // substrings of the error, in order; nil for none
	}{
		{"none", nil, nil},
		{"organization and type", []string{"Acme", "Service"}, nil},
		{"typo", []string{"Acme", "Servce"}, []string{`--target "Servce" names no declared organization or flexible asset type (did you mean "Service"?)`}},
		{"unknown lists the declared names", []string{"nothing like it"}, []string{`(declared: "Acme", "Server", "Service")`}},
		{"each unknown", []string{"x1", "Acme", "x2"}, []string{`"x1"`, `"x2"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckTargets(d, tt.targets)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("CheckTargets(%q) = %v; want nil", tt.targets, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("CheckTargets(%q) = nil; want an error", tt.targets)
			}
			msg, at := err.Error(), 0
			for _, w := range tt.want {
				i := strings.Index(msg[at:], w)
				if i < 0 {
					t.Fatalf("CheckTargets(%q) = %q; want it to contain %q (in order)", tt.targets, msg, w)
				}
				at += i + len(w)
			}
			// Compute reports the same names as plan errors.
			p := Compute(d, &Live{}, Options{Targets: tt.targets})
			if !p.HasErrors() {
				t.Errorf("Compute with targets %q has no error", tt.targets)
			}
		})
	}
}
