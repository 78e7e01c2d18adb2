package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Sentinels matched with errors.Is against an *APIError (or a local error).
var (
	// ErrNotFound is a 404.
	ErrNotFound = errors.New("not found")
	// ErrUnauthorized is a 401 or 403: a wrong key, or a key of another region.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrValidation is a 422: the API rejected the request's content.
	ErrValidation = errors.New("validation failed")
	// ErrRateLimited is a 429 that outlasted every retry.
	ErrRateLimited = errors.New("rate limited")
	// ErrRequestTooLarge is a 413, or a body refused locally for its size.
	ErrRequestTooLarge = errors.New("request too large")
)

// ErrorObject is one JSON:API error, normalised across the API's variants
// (detail as a string or an array, pointer with or without a leading slash
// or null, message only in title, a gateway's {"message": ...}).
type ErrorObject struct {
	Status  int    `json:"status,omitempty"`
	Code    string `json:"code,omitempty"`
	Title   string `json:"title,omitempty"`
	Detail  string `json:"detail,omitempty"`
	Pointer string `json:"pointer,omitempty"`
}

// Attribute returns the attribute the error points at ("traits",
// "flexible-asset-traits.url", "organization_id"), or "".
func (e ErrorObject) Attribute() string {
	p := strings.TrimPrefix(e.Pointer, "/")
	p = strings.TrimPrefix(p, "data/")
	return strings.TrimPrefix(p, "attributes/")
}

// Message returns the most specific text: detail, else title.
func (e ErrorObject) Message() string {
	if e.Detail != "" {
		return e.Detail
	}
	return e.Title
}

// String is "attribute: message", or the message alone.
func (e ErrorObject) String() string {
	if a := e.Attribute(); a != "" && a != "id" {
		return a + ": " + e.Message()
	}
	return e.Message()
}

// APIError is a response with a status of 400 or above.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	Errors     []ErrorObject
	// BaseURL is the API root the request went to (for auth hints).
	BaseURL string
}

// Error names the request, the status and every error message; for 401
// and 403 it adds what to check (the key, and its region).
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d %s", e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	msgs := make([]string, 0, len(e.Errors))
	for _, o := range e.Errors {
		if s := o.String(); s != "" && s != http.StatusText(e.StatusCode) {
			msgs = append(msgs, s)
		}
	}
	if len(msgs) > 0 {
		b.WriteString(": " + strings.Join(msgs, "; "))
	}
	switch e.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden:
		fmt.Fprintf(&b, " (check the API key in %s or %s; keys are bound to a region, and this request went to %s)", EnvAPIKey, EnvAPIKeyFile, e.BaseURL)
	case http.StatusTooManyRequests:
		b.WriteString(" (IT Glue allows 3000 requests per 5 minutes, shared by every integration of the account; wait a few minutes and run again, or pause the other tools)")
	}
	return b.String()
}

// Is matches the sentinels by status code.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden
	case ErrValidation:
		return e.StatusCode == http.StatusUnprocessableEntity
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrRequestTooLarge:
		return e.StatusCode == http.StatusRequestEntityTooLarge
	}
	return false
}

// wireError is one error object as sent, before normalisation.
type wireError struct {
	Status flexString      `json:"status"`
	Code   flexString      `json:"code"`
	Title  flexString      `json:"title"`
	Detail json.RawMessage `json:"detail"`
	Source *struct {
		Pointer   *string `json:"pointer"`
		Parameter *string `json:"parameter"`
	} `json:"source"`
}

// parseErrorBody turns any error body into error objects: the JSON:API
// errors array, a gateway's {"message": ...}, or plain text.
func parseErrorBody(body []byte) []ErrorObject {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil
	}
	var doc struct {
		Errors  json.RawMessage `json:"errors"`
		Message *string         `json:"message"`
		Error   *string         `json:"error"`
	}
	if body[0] == '{' && json.Unmarshal(body, &doc) == nil {
		var list []wireError
		if e := bytes.TrimSpace(doc.Errors); len(e) > 0 && e[0] == '{' {
			var one wireError
			if json.Unmarshal(e, &one) == nil {
				list = []wireError{one}
			}
		} else if len(e) > 0 {
			_ = json.Unmarshal(e, &list)
		}
		if len(list) > 0 {
			out := make([]ErrorObject, 0, len(list))
			for _, w := range list {
				out = append(out, w.normalise())
			}
			return out
		}
		switch {
		case doc.Message != nil:
			return []ErrorObject{{Title: *doc.Message}}
		case doc.Error != nil:
			return []ErrorObject{{Title: *doc.Error}}
		}
	}
	return []ErrorObject{{Detail: truncate(string(body), 200)}}
}

func (w wireError) normalise() ErrorObject {
	o := ErrorObject{Code: string(w.Code), Title: string(w.Title)}
	if n, err := parseFlexInt([]byte(w.Status)); err == nil {
		o.Status = int(n)
	}
	o.Detail = detailText(w.Detail)
	if w.Source != nil {
		switch {
		case w.Source.Pointer != nil:
			o.Pointer = *w.Source.Pointer
		case w.Source.Parameter != nil:
			o.Pointer = *w.Source.Parameter
		}
	}
	return o
}

// detailText flattens detail given as a string, an array or anything else.
func detailText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, jsonNull) {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		parts := make([]string, 0, len(list))
		for _, r := range list {
			if t := detailText(r); t != "" {
				parts = append(parts, t)
			}
		}
		return strings.Join(parts, "; ")
	}
	return string(raw)
}
