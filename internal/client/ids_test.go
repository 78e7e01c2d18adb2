package client

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestFlexInt(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{`401`, 401, false},
		{`"401"`, 401, false},
		{`null`, 0, false},
		{`""`, 0, false},
		{`"574989297464115201"`, 574989297464115201, false},
		{`9007199254740993`, 9007199254740993, false}, // 2^53+1: lost through float64
		{`"12a"`, 0, true},
		{`1.5`, 0, true},
		{`true`, 0, true},
	}
	for _, tt := range tests {
		var got flexInt
		err := json.Unmarshal([]byte(tt.in), &got)
		if (err != nil) != tt.wantErr || int64(got) != tt.want {
			t.Errorf("flexInt(%s) = %d, %v; want %d, err=%v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestFlexIDs(t *testing.T) {
	tests := []struct {
		in   string
		want []int64
	}{
		{`"[1,6]"`, []int64{1, 6}},
		{`[1,"6"]`, []int64{1, 6}},
		{`[]`, []int64{}},
		{`null`, nil},
		{`""`, nil},
		{`"7"`, []int64{7}},
		{`7`, []int64{7}},
	}
	for _, tt := range tests {
		var got flexIDs
		if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
			t.Errorf("flexIDs(%s): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, []int64(got)); diff != "" {
			t.Errorf("flexIDs(%s) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestFlexScalars(t *testing.T) {
	var b struct {
		A, B, C, D, E flexBool
		S, N, Z       flexString
		T1, T2, T3    flexTime
	}
	in := `{"A":true,"B":"1","C":0,"D":null,"E":"false","S":"x","N":5,"Z":null,
		"T1":"2017-10-22T00:03:48.000Z","T2":"2017-10-22T00:03:48Z","T3":null}`
	if err := json.Unmarshal([]byte(in), &b); err != nil {
		t.Fatal(err)
	}
	if !b.A || !b.B || b.C || b.D || b.E {
		t.Errorf("bools = %v %v %v %v %v, want true true false false false", b.A, b.B, b.C, b.D, b.E)
	}
	if b.S != "x" || b.N != "5" || b.Z != "" {
		t.Errorf("strings = %q %q %q", b.S, b.N, b.Z)
	}
	want := time.Date(2017, 10, 22, 0, 3, 48, 0, time.UTC)
	if !time.Time(b.T1).Equal(want) || !time.Time(b.T2).Equal(want) || !time.Time(b.T3).IsZero() {
		t.Errorf("times = %v %v %v", time.Time(b.T1), time.Time(b.T2), time.Time(b.T3))
	}
	var bad flexBool
	if err := json.Unmarshal([]byte(`"True"`), &bad); err == nil {
		t.Error(`flexBool accepted "True"; the API's booleans are case-sensitive`)
	}
}

func TestTagIDs(t *testing.T) {
	tests := []struct {
		in     string
		want   []int64
		wantOK bool
	}{
		{`{"type":"Domains","values":[{"id":789,"name":"acme.com"}]}`, []int64{789}, true},
		{`{"type":"Configurations","values":[{"id":9007199254740993},{"id":"676"}]}`, []int64{9007199254740993, 676}, true},
		{`{"type":"Contacts","values":[]}`, []int64{}, true},
		{`[457, "676"]`, []int64{457, 676}, true},
		{`569`, []int64{569}, true},
		{`"Office 365"`, nil, false},
		{`{"content":"aGk=","file_name":"x.png"}`, nil, false},
		{`null`, nil, false},
	}
	for _, tt := range tests {
		got, ok := TagIDs(json.RawMessage(tt.in))
		if ok != tt.wantOK {
			t.Errorf("TagIDs(%s) ok = %v, want %v", tt.in, ok, tt.wantOK)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("TagIDs(%s) (-want +got):\n%s", tt.in, diff)
		}
	}
}
