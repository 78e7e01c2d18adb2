package version

import (
	"runtime/debug"
	"testing"
)

func TestDescribe(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i+1 < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	const rev = "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		name string
		ld   string
		bi   *debug.BuildInfo
		want string
	}{
		{"no build info at all", "", nil, "(devel)"},
		{"release build stamped by ldflags", "v1.2.3", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("vcs.revision", rev, "vcs.modified", "false")}, "v1.2.3 (commit 0123456789ab)"},
		{"ldflags win over the module version", "v1.2.3", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261205150000-0123456789ab"}}, "v1.2.3"},
		{"ldflags value is trimmed", " v1.2.3\n", nil, "v1.2.3"},
		{"go install module@version (no VCS data)", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0"},
		{"go build in a dirty checkout", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261205150000-0123456789ab+dirty"}, Settings: vcs("vcs.revision", rev, "vcs.modified", "true")}, "v0.0.0-20261205150000-0123456789ab+dirty (commit 0123456789ab, modified)"},
		{"go build -buildvcs=false", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "(devel)"},
		{"empty main version", "", &debug.BuildInfo{Settings: vcs("vcs.revision", "abc")}, "(devel) (commit abc)"},
		{"vcs.modified false is not shown", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("vcs.modified", "false")}, "(devel)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Describe(tt.ld, tt.bi); got != tt.want {
				t.Errorf("Describe(%q, ...) = %q; want %q", tt.ld, got, tt.want)
			}
		})
	}
}
