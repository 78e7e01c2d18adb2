package testexit_test

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/testexit"
)

func TestMain(m *testing.M) {
	testexit.Main(m)
}

func TestChildRuns(t *testing.T) {
	if os.Getenv("TESTEXIT_CHILD") != "" {
		return
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, mode string
		wantFail   bool
	}{
		{"passing tests exit 0", "pass", false},
		{"a failing test still fails", "fail", true},
	}
	if raceBuild {
		cases = append(cases, struct {
			name, mode string
			wantFail   bool
		}{"a data race still fails the run", "race", true})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(self, "-test.run", "^TestChildMode$", "-test.count=1")
			cmd.Env = append(os.Environ(), "TESTEXIT_CHILD="+c.mode)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			if (err != nil) != c.wantFail {
				t.Fatalf("child run error = %v, want failure %v; output:\n%s", err, c.wantFail, out.String())
			}
			if c.wantFail && !strings.Contains(out.String(), "FAIL") {
				t.Errorf("a failing run printed no FAIL:\n%s", out.String())
			}
		})
	}
}

func TestChildMode(t *testing.T) {
	switch os.Getenv("TESTEXIT_CHILD") {
	case "fail":
		t.Error("failing on purpose")
	case "race":
		// Two goroutines write n unsynchronised: the race detector reports
		// it and testing fails the test, with or without Main's early exit.
		var n int
		done := make(chan bool)
		go func() { n++; done <- true }()
		n++
		<-done
	}
}
