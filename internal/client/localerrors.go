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

// RedirectError means the API answered with a redirect the client refuses
// to follow: one to another origin (scheme, host and port) than the base
// URL's, which includes any https to http downgrade; any redirect of a
// write (POST, PATCH, DELETE); or more than a few in a row. The redirect
// was not followed, so the key and the request body were not sent to its
// target; it is never retried and never taken as a write's success. GETs
// follow up to three redirects within the base URL's origin.
type RedirectError struct {
	Method string
	Path   string
	// StatusCode is the redirect's status (301, 302, 303, 307, 308).
	StatusCode int
	// From is the base URL's origin, To the origin the redirect named
	// (neither carries a path or query).
	From, To string
	// Reason says which rule refused it.
	Reason string
}

// Error names both origins and what to check.
func (e *RedirectError) Error() string {
	return fmt.Sprintf("%s %s: the API at %s answered %d with a redirect to %s, which glue-sync does not follow (%s), so the API key was not sent there; the base URL is probably wrong: check %s, %s (or --region, --base-url) and use the API root itself, such as https://api.itglue.com",
		e.Method, e.Path, e.From, e.StatusCode, e.To, e.Reason, EnvRegion, EnvBaseURL)
}

// TLSError means no secure connection could be made to the API: its
// certificate is not trusted, is for another host or has expired, or the
// server does not speak TLS at all. No request was sent (so neither was
// the key), and it is not retried: trying again cannot fix it.
type TLSError struct {
	BaseURL string
	Err     error
}

// Error shows the cause as the TLS stack reports it, and a hint.
func (e *TLSError) Error() string {
	return fmt.Sprintf("cannot connect securely to the IT Glue API at %s: %v (not retried; the API key was not sent): %s", e.BaseURL, e.Err, tlsHint(e.Err))
}

// Unwrap returns the TLS or x509 error.
func (e *TLSError) Unwrap() error { return e.Err }

// ResponseTooLargeError is a response body larger than the client's cap
// (WithMaxResponseBytes). The call fails and is not retried.
type ResponseTooLargeError struct {
	Method string
	Path   string
	Limit  int64
}

// Error names the request and the cap.
func (e *ResponseTooLargeError) Error() string {
	return fmt.Sprintf("%s %s: the response is larger than %s, the most glue-sync reads in one response; IT Glue's pages of 1000 objects stay far below it, so check that the base URL (%s, --base-url) points at IT Glue's API", e.Method, e.Path, byteSize(e.Limit), EnvBaseURL)
}

// PaginationError means a list's pages contradict themselves (an empty
// page before the last one announced, more pages than the object count
// allows, or no end in sight): the client stops reading instead of
// following the server's claims.
type PaginationError struct {
	Path   string
	Detail string
}

// Error says what was wrong and what to do.
func (e *PaginationError) Error() string {
	return fmt.Sprintf("GET %s: %s; stopped reading this list. If the account was being changed meanwhile, run again; otherwise check that the base URL (%s, --base-url) points at IT Glue's API", e.Path, e.Detail, EnvBaseURL)
}

// byteSize prints n in the largest binary unit dividing it.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
