package spec

import "testing"

func TestParameterize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Email Servers", "email-servers"},
		{"Webmail URL", "webmail-url"},
		{"Inbound Delivery", "inbound-delivery"},
		{"  IP / Subnet (v4) ", "ip-subnet-v4"},
		{"Owner's E-mail", "owner-s-e-mail"},
		{"Café Menu", "caf-menu"},
		{"---", ""},
		{"2FA", "2fa"},
	}
	for _, tt := range tests {
		if got := Parameterize(tt.in); got != tt.want {
			t.Errorf("Parameterize(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	cands := []string{"name", "shortName", "description", "Office 365", "Configurations", "Contoso Ltd", "Fabrikam Inc", "Fabrikam Group"}
	tests := []struct{ in, want string }{
		{"nmae", "name"},
		{"shortname", "shortName"},
		{"descripton", "description"},
		{"Office365", "Office 365"},
		{"Configuration", "Configurations"},
		{"contoso", "Contoso Ltd"},                   // a word prefix
		{"Contoso Ltd Manufacturing", "Contoso Ltd"}, // a longer name
		{"Fabrikam", ""},                             // two candidates start with it
		{"x", ""},
		{"completely different", ""},
	}
	for _, tt := range tests {
		if got := suggest(tt.in, cands); got != tt.want {
			t.Errorf("suggest(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestPosString(t *testing.T) {
	if got := (Pos{File: "a.yaml", Line: 3, Col: 7}).String(); got != "a.yaml:3:7" {
		t.Errorf("got %q", got)
	}
	if got := (Pos{File: "a.yaml"}).String(); got != "a.yaml" {
		t.Errorf("got %q", got)
	}
}
