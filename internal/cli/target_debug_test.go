package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestDebugEnvIsBoolean: GLUE_SYNC_DEBUG turns request logging on only
// for a true value; 0 and friends leave it off, and a value that is
// neither is refused with a message naming the variable and the choices.
func TestDebugEnvIsBoolean(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value   string
		set     bool
		flag    bool
		wantLog bool
		wantErr string
	}{
		{value: "", set: false, wantLog: false},
		{value: "", set: true, wantLog: false},
		{value: "1", set: true, wantLog: true},
		{value: "true", set: true, wantLog: true},
		{value: " YES ", set: true, wantLog: true},
		{value: "On", set: true, wantLog: true},
		{value: "0", set: true, wantLog: false},
		{value: "false", set: true, wantLog: false},
		{value: "No", set: true, wantLog: false},
		{value: "off", set: true, wantLog: false},
		{value: "0", set: true, flag: true, wantLog: true}, // --debug wins
		{value: "2", set: true, wantErr: `GLUE_SYNC_DEBUG="2" is not a boolean: use 1, true, yes or on`},
		{value: "verbose", set: true, flag: true, wantErr: "0, false, no, off or leave it unset"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q set=%v flag=%v", tt.value, tt.set, tt.flag), func(t *testing.T) {
			env := map[string]string{}
			if tt.set {
				env[envDebug] = tt.value
			}
			ios, _, _, errOut := TestStreams()
			d := &deps{ctx: context.Background(), getenv: envOf(env), io: ios}
			tg, err := openTarget(d, &targetOptions{sandbox: true, debug: tt.flag}, nil)
			if tt.wantErr != "" {
				if err == nil {
					tg.Close()
					t.Fatalf("openTarget succeeded; want an error containing %q", tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error = %q; want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer tg.Close()
			if _, err := tg.client.Organizations.List(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(errOut.String(), "itglue: GET "); got != tt.wantLog {
				t.Errorf("request logged = %v; want %v\nstderr:\n%s", got, tt.wantLog, errOut)
			}
		})
	}
}
