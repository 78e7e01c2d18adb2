package testexit

import (
	"os"
	"syscall"
	"testing"
)

// Main runs m's tests, then each of after (a package's clean-up of what its
// tests shared), and exits with the tests' status. After a passing run of a
// race build it exits at once, without the race runtime's exit pause; a
// failing run, a coverage run and a build without -race exit through
// os.Exit as the generated test main would.
func Main(m *testing.M, after ...func()) {
	code := m.Run()
	for _, f := range after {
		f()
	}
	if code == 0 && raceEnabled && testing.CoverMode() == "" {
		syscall.Exit(0)
	}
	os.Exit(code)
}
