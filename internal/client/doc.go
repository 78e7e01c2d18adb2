// Package client is glue-sync's IT Glue API client.
//
// It speaks IT Glue's JSON:API dialect (string or numeric ids, kebab-case
// attributes, page[number]/page[size] pagination) and is built for two
// things: reading a whole account in as few requests as possible, and
// writing to it without ever creating a duplicate.
//
// Reads ask for 1000 objects a page, fetch the first page, then the remaining
// pages concurrently (bounded), and return everything sorted by id. Every
// request of a Client draws from one token bucket sized below IT Glue's
// documented limit (3000 requests per 300 s). 429s, 5xx responses and
// transport errors are retried with jittered exponential backoff (Retry-After
// is honoured, capped, when the server sends one) for GET, PATCH and DELETE.
//
// A POST is never retried blindly: when its outcome is unknown (a 5xx, a
// dropped connection, a timeout) the call returns an *AmbiguousWriteError.
// The CreateSafe helpers then re-list to see whether the object exists
// before trying again, matching organizations and types by name, fields by
// name within their type, and assets with a caller-supplied function.
//
// A bulk create that fails after some objects were created returns them
// with a *PartialCreateError, which does not unwrap to an *APIError: a 4xx
// *APIError always means nothing was written. A 429 (with or without
// Retry-After) holds every request of the client for the wait. Until the
// API has answered once, connection failures stop after three tries with
// an *UnreachableError.
//
// The key only goes to the base URL's origin: a redirect elsewhere (or
// from https to http), any redirect of a write, or a loop of more than
// three is refused with a *RedirectError before anything is sent on. TLS
// failures (*TLSError) and host names that do not resolve
// (*UnreachableError) are not retried. Every wait is bounded: one request
// by WithRequestTimeout (30 s for reads, 2 min for writes), a failing call's
// retries by WithMaxRetryTime (2 min for reads, 30 s for writes; 429 waits
// do not count), one Retry-After by WithMaxRetryAfter (60 s), one response
// body by WithMaxResponseBytes (64 MiB, *ResponseTooLargeError), and a
// list by what its total-count allows (*PaginationError for empty pages
// before the last announced one, impossible page counts and endless
// lists). WithNotices reports long waits (429s, slow retries) as they
// happen.
//
// List pages of assets, organizations and types are decoded by a
// hand-written one-pass decoder without reflection (fastdecode.go); a body
// it does not take (data as one object or null, a duplicate or case-folded
// key, a null relationship, anything malformed) is decoded again by the
// tolerant decoder, which accepts every form the API is known to use and
// gives the answer (decode.go). An asset's traits are one compact value
// (Traits: its members sorted by key in one byte slice, no map per
// asset), held in a few shared byte chunks per page, and the names that
// repeat across a page are one string each.
//
// Errors from the API are *APIError values carrying the parsed JSON:API
// error objects; match them with errors.Is against ErrNotFound,
// ErrUnauthorized, ErrValidation, ErrRateLimited and ErrRequestTooLarge.
// The API key never appears in an error, a log line or a debug dump, nor
// in any value printed with any fmt verb.
//
// Not supported: multipart uploads (Upload traits travel as base64 JSON in
// the asset body, counted toward the 10 MB limit) and the non-nested field
// create (fields are always created through
// /flexible_asset_types/:id/relationships/flexible_asset_fields).
package client
