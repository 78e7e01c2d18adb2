//go:build !unix

package ratebudget

// openFlags is 0 where there are no such open flags (buckets are not
// shared there: Supported is false).
const openFlags = 0
