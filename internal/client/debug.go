package client

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// redacted replaces the key wherever it appears.
const redacted = "[REDACTED]"

// redact removes the API key from s.
func (c *Client) redact(s string) string {
	if c.key.v == "" {
		return s
	}
	return strings.ReplaceAll(s, c.key.v, redacted)
}

// redactedError keeps the error chain but scrubs the key from its text.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redactErr returns err with the key scrubbed from its message.
func (c *Client) redactErr(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if clean := c.redact(msg); clean != msg {
		return &redactedError{msg: clean, err: err}
	}
	return err
}

// redactObjects scrubs the key from parsed error objects too: a body can
// carry it JSON-escaped ("\u0049TG...", a quote as \"), which redacting the
// raw text misses and decoding turns back into the key.
func (c *Client) redactObjects(objs []ErrorObject) []ErrorObject {
	for i := range objs {
		o := &objs[i]
		o.Code, o.Title, o.Detail, o.Pointer = c.redact(o.Code), c.redact(o.Title), c.redact(o.Detail), c.redact(o.Pointer)
	}
	return objs
}

// bracketsPlain shows the brackets of query keys as typed in the API docs.
var bracketsPlain = strings.NewReplacer("%5B", "[", "%5D", "]")

// logRequest writes one debug line: never headers, never bodies.
func (c *Client) logRequest(method, url string, attempt int, status int, d time.Duration, err error) {
	if c.debug == nil {
		return
	}
	var outcome string
	switch {
	case err != nil:
		var ae *APIError
		if errors.As(err, &ae) {
			outcome = fmt.Sprintf("%d", ae.StatusCode)
		} else {
			outcome = "error: " + err.Error()
		}
	default:
		outcome = fmt.Sprintf("%d", status)
	}
	url = bracketsPlain.Replace(url) // page[size], not page%5Bsize%5D
	line := fmt.Sprintf("itglue: %s %s -> %s (%s, attempt %d)\n", method, url, outcome, d.Round(time.Millisecond), attempt+1)
	c.debugMu.Lock()
	defer c.debugMu.Unlock()
	fmt.Fprint(c.debug, c.redact(line))
}
