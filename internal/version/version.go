package version

import (
	"runtime/debug"
	"strings"
)

// Version is the release tag, set at link time by the release build:
//
//	go build -ldflags "-X github.com/glue-sync/glue-sync/internal/version.Version=v1.2.3" ./cmd/glue-sync
//
// It is empty in every other build, which then reports what the Go
// toolchain recorded instead.
var Version string

// devel is what a build without any version information reports, as the Go
// toolchain itself does.
const devel = "(devel)"

// String describes the running binary, e.g. "v1.2.3 (commit 0123456789ab)"
// or "(devel) (commit 0123456789ab, modified)".
func String() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return Describe(Version, bi)
}

// Describe builds the version line from a link-time version (may be empty)
// and the binary's build information (may be nil). The version comes from,
// in order: the link-time value, the main module's version (set by `go
// install module@version`, or a pseudo-version from the VCS by `go build`
// in a git checkout), or "(devel)". The details in parentheses are the
// commit (12 characters) and "modified" when the build had uncommitted
// changes; they are left out when the toolchain did not record them (a
// `go install` from the module proxy, or -buildvcs=false).
func Describe(ldVersion string, bi *debug.BuildInfo) string {
	v := strings.TrimSpace(ldVersion)
	if v == "" && bi != nil && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	if v == "" {
		v = devel
	}
	var details []string
	if bi != nil {
		var revision string
		var modified bool
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if revision != "" {
			if len(revision) > 12 {
				revision = revision[:12]
			}
			details = append(details, "commit "+revision)
		}
		if modified {
			details = append(details, "modified")
		}
	}
	if len(details) == 0 {
		return v
	}
	return v + " (" + strings.Join(details, ", ") + ")"
}
