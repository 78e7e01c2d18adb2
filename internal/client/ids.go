package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The API is inconsistent about JSON types: data.id is a string, foreign
// keys are numbers, parent-id is a string, ancestor-ids is a string holding
// a JSON array, and ids can exceed 2^53. These wire types accept every form
// and never pass a number through float64.

var jsonNull = []byte("null")

// flexInt decodes an integer from a JSON number, a numeric string or null.
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	n, err := parseFlexInt(b)
	if err != nil {
		return err
	}
	*f = flexInt(n)
	return nil
}

func parseFlexInt(b []byte) (int64, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || bytes.Equal(b, jsonNull) {
		return 0, nil
	}
	if n, ok := plainDigits(b); ok {
		return n, nil
	}
	s := string(b)
	if b[0] == '"' {
		var err error
		if s, err = jsonString(b); err != nil {
			return 0, err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return 0, nil
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("want an integer id, got %s", truncate(string(b), 40))
	}
	return n, nil
}

// flexIDs decodes a list of ids from an array (of numbers or strings), a
// string holding such an array ("[1,6]"), a single id, or null.
type flexIDs []int64

func (f *flexIDs) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || bytes.Equal(b, jsonNull) {
		*f = nil
		return nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			*f = nil
			return nil
		}
		if !strings.HasPrefix(s, "[") {
			n, err := parseFlexInt([]byte(s))
			*f = flexIDs{n}
			return err
		}
		b = []byte(s)
	}
	if b[0] != '[' {
		n, err := parseFlexInt(b)
		*f = flexIDs{n}
		return err
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("want a list of ids: %w", err)
	}
	out := make(flexIDs, 0, len(raw))
	for _, r := range raw {
		n, err := parseFlexInt(r)
		if err != nil {
			return err
		}
		out = append(out, n)
	}
	*f = out
	return nil
}

// jsonString decodes the JSON string b as json.Unmarshal does. A string
// with no escapes, no control characters and valid UTF-8 (nearly every
// one the API sends) is its bytes between the quotes, which is what
// json.Unmarshal gives for it, without a second scan and its allocations.
func jsonString(b []byte) (string, error) {
	if n := len(b); n >= 2 && b[0] == '"' && b[n-1] == '"' {
		in := b[1 : n-1]
		plain := true
		for _, c := range in {
			if c < 0x20 || c == '"' || c == '\\' {
				plain = false
				break
			}
		}
		if plain && utf8.Valid(in) {
			return string(in), nil
		}
	}
	var s string
	err := json.Unmarshal(b, &s)
	return s, err
}

// plainDigits parses 1 to 18 decimal digits, bare or in double quotes
// (how the API writes ids), as strconv.ParseInt does; ok is false for
// anything else, left to the general path.
func plainDigits(b []byte) (int64, bool) {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// flexString decodes a string, treating null as "" and accepting a bare
// number or boolean as its text.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, jsonNull):
		*f = ""
	case b[0] == '"':
		s, err := jsonString(b)
		if err != nil {
			return err
		}
		*f = flexString(s)
	case b[0] == '{' || b[0] == '[':
		return fmt.Errorf("want a string, got %s", truncate(string(b), 40))
	default:
		*f = flexString(b)
	}
	return nil
}

// flexBool decodes true/false, 1/0, their string forms, or null (false).
type flexBool bool

func (f *flexBool) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(bytes.TrimSpace(b)), `"`)
	switch s {
	case "true", "1":
		*f = true
	case "false", "0", "", "null":
		*f = false
	default:
		return fmt.Errorf("want a boolean, got %s", truncate(string(b), 40))
	}
	return nil
}

// flexTime decodes an RFC 3339 timestamp with or without fractional
// seconds; null and "" give the zero time.
type flexTime time.Time

func (f *flexTime) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), jsonNull) {
		*f = flexTime{}
		return nil
	}
	s, err := jsonString(b)
	if err != nil {
		return fmt.Errorf("want a timestamp string, got %s", truncate(string(b), 40))
	}
	if s == "" {
		*f = flexTime{}
		return nil
	}
	t, err := parseTimestamp(s)
	if err != nil {
		return fmt.Errorf("want an RFC 3339 timestamp, got %q", truncate(s, 40))
	}
	*f = flexTime(t)
	return nil
}

// truncate shortens s to at most n bytes, on a character boundary, and
// marks the cut with "...": what an error quotes from a value stays short
// however long the value.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// maxQuoted is the most of a name an error message quotes.
const maxQuoted = 200
