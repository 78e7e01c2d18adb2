package textsafe

import "testing"

func TestLine(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Contoso Ltd/Server 01", "Contoso Ltd/Server 01"},
		{"tab kept", "a\tb", "a\tb"},
		{"unicode kept", "Société Générale — 東京", "Société Générale — 東京"},
		{"osc title", "\x1b]0;owned\x07x", `\x1b]0;owned\ax`},
		{"clear screen", "\x1b[2Jname", `\x1b[2Jname`},
		{"newline forging a CI command", "a.yaml\n::error file=x::forged", `a.yaml\n::error file=x::forged`},
		{"carriage return", "ok\rFAIL", `ok\rFAIL`},
		{"del and C1", "a\x7fb\u009bc", `a\x7fb\u009bc`},
		{"bidi override", "abc\u202edcba", `abc\u202edcba`},
		{"line separator", "a\u2028b", `a\u2028b`},
		{"invalid utf-8 shows the byte", "a\xffb", `a\xffb`},
		{"literal U+FFFD kept", "a\ufffdb", "a\ufffdb"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Line(tt.in); got != tt.want {
				t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if IsClean(tt.in) != (tt.in == tt.want) {
				t.Errorf("IsClean(%q) = %v, want %v", tt.in, IsClean(tt.in), tt.in == tt.want)
			}
		})
	}
}

func FuzzLine(f *testing.F) {
	f.Add("\x1b[31mred\n")
	f.Add("plain")
	f.Fuzz(func(t *testing.T, s string) {
		out := Line(s)
		if !IsClean(out) {
			t.Fatalf("Line(%q) = %q still holds characters to escape", s, out)
		}
		if IsClean(s) && out != s {
			t.Fatalf("clean %q changed to %q", s, out)
		}
	})
}
