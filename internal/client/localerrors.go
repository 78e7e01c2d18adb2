package client

import (
	"errors"
	"fmt"
)

// The errors below are the client's own verdicts (an unknown outcome, a
// partial bulk create, an unreachable API, a body too large to send), as
// opposed to *APIError, which is what the API answered.

// AmbiguousWriteError means a POST may or may not have been applied: the
// server answered 5xx, the connection dropped or timed out. It was not
// retried; re-list before creating again (the CreateSafe helpers do).
type AmbiguousWriteError struct {
	Method string
	Path   string
	Err    error
}

// Error says the outcome is unknown and why.
func (e *AmbiguousWriteError) Error() string {
	return fmt.Sprintf("%s %s: outcome unknown, the object may or may not have been created (not retried): %v", e.Method, e.Path, e.Err)
}

// Unwrap returns the failure (an *APIError, a transport error or ctx.Err()).
func (e *AmbiguousWriteError) Unwrap() error { return e.Err }

// IsAmbiguous reports whether err says a write's outcome is unknown.
func IsAmbiguous(err error) bool {
	var a *AmbiguousWriteError
	return errors.As(err, &a)
}

// PartialCreateError means a bulk create stopped after some objects were
// created: a later batch failed. It matches the sentinels of its cause
// with errors.Is, but deliberately does not unwrap to the cause: the
// request was not refused as a whole, so a caller testing for "the API
// refused this, nothing was written" (an *APIError with a 4xx) must not
// see one and create the same objects again. Err holds the cause.
type PartialCreateError struct {
	Created int
	Total   int
	Err     error
}

// Error says how many were created and why the rest were not.
func (e *PartialCreateError) Error() string {
	return fmt.Sprintf("%d of %d objects were created before a failure (do not create them again): %v", e.Created, e.Total, e.Err)
}

// Is matches the sentinels (ErrValidation, ...) of the cause.
func (e *PartialCreateError) Is(target error) bool { return errors.Is(e.Err, target) }

// UnreachableError means no request ever got an answer from the base URL
// (connection refused, unknown host): the client stops after a few quick
// tries rather than retrying for minutes. Once the API has answered,
// connection failures are retried like any transient error.
type UnreachableError struct {
	BaseURL  string
	Attempts int
	Err      error
}

// Error names the URL and what to check.
func (e *UnreachableError) Error() string {
	return fmt.Sprintf("cannot reach the IT Glue API at %s (%d attempts): %v; check %s, %s (or --region, --base-url) and the network", e.BaseURL, e.Attempts, e.Err, EnvRegion, EnvBaseURL)
}

// Unwrap returns the last connection error.
func (e *UnreachableError) Unwrap() error { return e.Err }

// RequestTooLargeError is a body refused locally before sending.
type RequestTooLargeError struct {
	Method string
	Path   string
	Size   int
	Limit  int
}

// Error gives the size, the limit and what to do.
func (e *RequestTooLargeError) Error() string {
	return fmt.Sprintf("%s %s: request body of %d bytes exceeds the API's limit of %d bytes; send fewer objects or smaller values (uploads count in full)", e.Method, e.Path, e.Size, e.Limit)
}

// Is matches ErrRequestTooLarge.
func (e *RequestTooLargeError) Is(target error) bool { return target == ErrRequestTooLarge }
