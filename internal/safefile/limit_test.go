package safefile

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestLimitReader(t *testing.T) {
	b, err := io.ReadAll(LimitReader(strings.NewReader("hello"), "f", 5))
	if err != nil || string(b) != "hello" {
		t.Errorf("at the limit: %q, %v; want hello", b, err)
	}
	b, err = io.ReadAll(LimitReader(strings.NewReader("hello!"), "f", 5))
	var tl *TooLargeError
	if !errors.As(err, &tl) || len(b) > 5 {
		t.Errorf("over the limit: %q, %v; want at most 5 bytes and a *TooLargeError", b, err)
	}
}
