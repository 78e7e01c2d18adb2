package client

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/glue-sync/glue-sync/internal/ratebudget"
)

// Defaults. The rate budget keeps 10% headroom under IT Glue's documented
// 3000 requests per 300 s; with the burst the bucket never lets more than
// 2800 requests through in any 300 s window.
const (
	DefaultRateRequests = 2700
	DefaultRateWindow   = 300 * time.Second
	DefaultBurst        = 100
	DefaultPageSize     = 1000
	DefaultConcurrency  = 4
	DefaultMaxRetries   = 10
	DefaultMaxBodyBytes = 10 << 20
	DefaultBulkSize     = 500
	maxBulkItems        = 1000
	defaultBackoffBase  = 500 * time.Millisecond
	defaultBackoffMax   = 30 * time.Second
	maxErrorBodyBytes   = 64 << 10
	maxRedirects        = 3
)

// Bounded waits. Every HTTP request has a timeout covering the whole
// exchange (connect, headers and body); a failing call stops retrying after
// a total time, not only a number of attempts.
const (
	// DefaultRequestTimeout bounds one read (GET). A page of 1000 objects
	// takes IT Glue seconds to produce; 30 s leaves a wide margin while a
	// silent server costs half a minute per attempt, not two.
	DefaultRequestTimeout = 30 * time.Second
	// DefaultWriteTimeout bounds one write (POST, PATCH, DELETE). Writes
	// keep a longer timeout: a bulk write carries up to 10 MB and hundreds
	// of objects processed in one request, and a write that times out has
	// an unknown outcome (a POST must then be re-listed before it can be
	// tried again), which is worse than waiting.
	DefaultWriteTimeout = 2 * time.Minute
	// DefaultMaxRetryTime is how long a failing read keeps being retried
	// (5xx answers, dropped connections, timeouts) after its first attempt.
	DefaultMaxRetryTime = 2 * time.Minute
	// DefaultMaxWriteRetryTime is the same for PATCH and DELETE (a POST is
	// never retried blindly): an API failing every write for half a minute
	// is down, and each change would otherwise cost minutes.
	DefaultMaxWriteRetryTime = 30 * time.Second
	// DefaultMaxRetryAfter caps one wait asked for by a Retry-After header.
	DefaultMaxRetryAfter = 60 * time.Second
	// DefaultMaxResponseBytes caps one response body. A page of 1000
	// flexible assets with long rich-text traits is a few MB to a few tens
	// of MB (64 KB per asset is already generous: Upload traits are not
	// returned inline); with DefaultConcurrency reads in flight the raw
	// bodies stay under 256 MiB.
	DefaultMaxResponseBytes = 64 << 20
)

// Client talks to one IT Glue account. It is safe for concurrent use; all
// requests share one rate budget and one set of counters.
type Client struct {
	// pageBodyHint is the length of the last list page read without a
	// stated length (see readResponseBody).
	pageBodyHint atomic.Int64
	// Organizations reads and writes organizations.
	Organizations *OrganizationsService
	// OrganizationTypes reads and writes organization types.
	OrganizationTypes *NamedRecordsService
	// OrganizationStatuses reads and writes organization statuses.
	OrganizationStatuses *NamedRecordsService
	// FlexibleAssetTypes reads and writes flexible asset types.
	FlexibleAssetTypes *FlexibleAssetTypesService
	// FlexibleAssetFields reads and writes the fields of a type.
	FlexibleAssetFields *FlexibleAssetFieldsService
	// FlexibleAssets reads and writes flexible assets.
	FlexibleAssets *FlexibleAssetsService
	// Configurations, Contacts, Locations, Domains and Passwords are the
	// objects a Tag trait can point at (read by organization and name).
	Configurations *TagTargetsService
	Contacts       *TagTargetsService
	Locations      *TagTargetsService
	Domains        *TagTargetsService
	Passwords      *TagTargetsService

	base        *url.URL
	key         *apiKey
	http        *http.Client
	limiter     *rate.Limiter
	pageSize    int
	concurrency int
	inflight    chan struct{}
	maxRetries  int
	backoffBase time.Duration
	backoffMax  time.Duration
	maxWait     time.Duration
	maxBody     int
	maxResponse int64
	// readTimeout and writeTimeout bound one HTTP request of each kind.
	readTimeout  time.Duration
	writeTimeout time.Duration
	// readRetryTime and writeRetryTime bound the time a call keeps retrying.
	readRetryTime  time.Duration
	writeRetryTime time.Duration
	// notices receives a line for every long wait (429s, retries).
	notices io.Writer
	// onWait and onPage are the progress hooks (progress.go).
	onWait        func(reason string, d time.Duration)
	onPage        func(what string, read, pages int)
	budgetNoticed atomic.Int64 // until when a budget wait was announced (unix ns)
	bulkSize      int
	userAgent     string
	debug         io.Writer
	debugMu       sync.Mutex
	sleep         func(d time.Duration) <-chan time.Time
	now           func() time.Time

	pauseMu    sync.Mutex
	pauseUntil time.Time

	// reached is set once any response came back from the base URL.
	reached atomic.Bool
	// noArchivedFilter is set once the server refused filter[archived], or
	// its index listed an archived asset: either way the index lists them,
	// and no list asks for them apart again. archivedMu lets one such read
	// at a time find that out, so concurrent lists do not all pay for it.
	noArchivedFilter atomic.Bool
	archivedMu       sync.Mutex
	archivedProbed   bool

	stats *accounting
	pages pageSizes

	// sharedDir, shared and sharedFailed are WithSharedBudget's
	// (sharedbudget.go): the bucket shared with other processes, if any.
	sharedDir    string
	shared       atomic.Pointer[ratebudget.Bucket]
	sharedFailed sync.Once
}

// New builds a Client from cfg. It fails when the key is missing or the
// base URL is not HTTPS (loopback hosts excepted).
func New(cfg Config, opts ...Option) (*Client, error) {
	if err := checkKey(cfg.APIKey); err != nil {
		return nil, err
	}
	base, err := checkBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:        base,
		key:         &apiKey{cfg.APIKey},
		http:        &http.Client{},
		limiter:     rate.NewLimiter(rate.Limit(float64(DefaultRateRequests)/DefaultRateWindow.Seconds()), DefaultBurst),
		pageSize:    DefaultPageSize,
		concurrency: DefaultConcurrency,
		maxRetries:  DefaultMaxRetries,
		backoffBase: defaultBackoffBase,
		backoffMax:  defaultBackoffMax,
		maxWait:     DefaultMaxRetryAfter,
		maxBody:     DefaultMaxBodyBytes,
		maxResponse: DefaultMaxResponseBytes,

		readTimeout:    DefaultRequestTimeout,
		writeTimeout:   DefaultWriteTimeout,
		readRetryTime:  DefaultMaxRetryTime,
		writeRetryTime: DefaultMaxWriteRetryTime,
		bulkSize:       DefaultBulkSize,
		userAgent:      "glue-sync",
		sleep:          time.After,
		now:            time.Now,
		stats:          newAccounting(),
	}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	c.openSharedBudget()
	// The redirect policy always applies, also to a caller's *http.Client
	// (copied, so that the caller's is left as it was).
	h := *c.http
	h.CheckRedirect = c.checkRedirect
	c.http = &h
	c.inflight = make(chan struct{}, c.concurrency)
	c.Organizations = &OrganizationsService{c: c}
	c.OrganizationTypes = &NamedRecordsService{c: c, path: "organization_types", kind: "organization-types", noun: "organization type", many: "organization types"}
	c.OrganizationStatuses = &NamedRecordsService{c: c, path: "organization_statuses", kind: "organization-statuses", noun: "organization status", many: "organization statuses"}
	c.FlexibleAssetTypes = &FlexibleAssetTypesService{c: c}
	c.FlexibleAssetFields = &FlexibleAssetFieldsService{c: c}
	c.FlexibleAssets = &FlexibleAssetsService{c: c}
	c.Configurations = &TagTargetsService{c: c, path: "configurations", kind: "configurations"}
	c.Contacts = &TagTargetsService{c: c, path: "contacts", kind: "contacts"}
	c.Locations = &TagTargetsService{c: c, path: "locations", kind: "locations"}
	c.Domains = &TagTargetsService{c: c, path: "domains", kind: "domains"}
	c.Passwords = &TagTargetsService{c: c, path: "passwords", kind: "passwords", secret: "password"}
	return c, nil
}

// BaseURL returns the API root in use (for messages).
func (c *Client) BaseURL() string { return c.base.String() }

// String describes the client without its key, so that printing a Client
// (even with %+v or %#v) cannot leak it.
func (c *Client) String() string { return "itglue client for " + c.base.String() }

// GoString is String, for %#v.
func (c *Client) GoString() string { return c.String() }

// Format prints String for every verb, so that no verb (%d, %x, a wrong
// one) falls back to printing the fields.
func (c *Client) Format(f fmt.State, _ rune) { fmt.Fprint(f, c.String()) }

// apiKey holds the key behind a pointer: fmt prints a nested pointer as an
// address, so even a service printed with a wrong verb (which makes fmt
// dump the *Client it points at) cannot show the key.
type apiKey struct{ v string }
