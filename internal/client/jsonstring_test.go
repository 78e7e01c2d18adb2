package client

import (
	"encoding/json"
	"testing"
)

// checkJSONString fails unless jsonString decodes b exactly as
// json.Unmarshal into a string does (value, and whether it fails).
func checkJSONString(t *testing.T, b []byte) {
	t.Helper()
	var want string
	wantErr := json.Unmarshal(b, &want)
	got, err := jsonString(b)
	if (err != nil) != (wantErr != nil) || got != want {
		t.Errorf("jsonString(%q) = %q, %v; json.Unmarshal gives %q, %v", b, got, err, want, wantErr)
	}
}

func TestJSONStringIsJSONUnmarshal(t *testing.T) {
	for _, s := range []string{
		`"plain"`, `""`, `"Org 000"`, `"with \"escapes\" and \\ and \n"`, `"\u00e9t\u00e9"`, `"été"`,
		"\"bad utf-8 \xff\"", "\"tab\there\"", `"unterminated`, `"a"b"`, `"\ud800"`, `"2026-01-02T03:04:05.000Z"`,
	} {
		checkJSONString(t, []byte(s))
	}
}

func FuzzJSONString(f *testing.F) {
	for _, s := range []string{`"plain"`, `"a\"b"`, "\"\xff\"", `"\u0041"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 0 && b[0] == '"' { // flexString and flexTime call it only so
			checkJSONString(t, b)
		}
	})
}

// TestFlexIntFastPathIsTheGeneralOne: ids written as plain digits, bare or
// quoted, decode as through strconv.ParseInt; everything else still goes
// the general way (errors included).
func TestFlexIntFastPathIsTheGeneralOne(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{`103`, 103, false}, {`"103"`, 103, false}, {`"007"`, 7, false}, {`null`, 0, false}, {`""`, 0, false},
		{`" 12 "`, 12, false}, {`-5`, -5, false}, {`999999999999999999`, 999999999999999999, false},
		{`9223372036854775807`, 9223372036854775807, false}, {`9223372036854775808`, 0, true},
		{`1.5`, 0, true}, {`"12a"`, 0, true}, {`"`, 0, true},
	}
	for _, tt := range tests {
		got, err := parseFlexInt([]byte(tt.in))
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("parseFlexInt(%s) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
