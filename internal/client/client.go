package client

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Defaults. The rate budget keeps 10% headroom under IT Glue's documented
// 3000 requests per 300 s; with the burst the bucket never lets more than
// 2800 requests through in any 300 s window.
const (
	DefaultRateRequests  = 2700
	DefaultRateWindow    = 300 * time.Second
	DefaultBurst         = 100
	DefaultPageSize      = 1000
	DefaultConcurrency   = 4
	DefaultMaxRetries    = 10
	DefaultMaxBodyBytes  = 10 << 20
	DefaultBulkSize      = 500
	maxBulkItems         = 1000
	defaultTimeout       = 2 * time.Minute
	defaultBackoffBase   = 500 * time.Millisecond
	defaultBackoffMax    = 30 * time.Second
	defaultMaxRetryAfter = 5 * time.Minute
	maxErrorBodyBytes    = 64 << 10
	maxResponseBytes     = 256 << 20
)

// Client talks to one IT Glue account. It is safe for concurrent use; all
// requests share one rate budget and one set of counters.
type Client struct {
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
	bulkSize    int
	userAgent   string
	debug       io.Writer
	debugMu     sync.Mutex
	sleep       func(d time.Duration) <-chan time.Time

	pauseMu    sync.Mutex
	pauseUntil time.Time

	// reached is set once any response came back from the base URL.
	reached atomic.Bool

	stats *accounting
}

// Option changes a Client's defaults; New rejects invalid options.
type Option func(*Client) error

// WithHTTPClient sets the *http.Client used for requests.
func WithHTTPClient(h *http.Client) Option {
	return func(c *Client) error {
		if h == nil {
			return errors.New("WithHTTPClient: nil *http.Client")
		}
		c.http = h
		return nil
	}
}

// WithRateLimit sets the client-side budget to requests per window (with
// the given burst). requests <= 0 disables client-side pacing (tests, a
// local sandbox); the server's 429s are still honoured.
func WithRateLimit(requests int, window time.Duration, burst int) Option {
	return func(c *Client) error {
		if requests <= 0 {
			c.limiter = rate.NewLimiter(rate.Inf, 0)
			return nil
		}
		if window <= 0 || burst < 1 {
			return fmt.Errorf("WithRateLimit: window must be positive and burst at least 1 (got %s, %d)", window, burst)
		}
		c.limiter = rate.NewLimiter(rate.Limit(float64(requests)/window.Seconds()), burst)
		return nil
	}
}

// WithPageSize sets page[size] for list calls (1 to 1000).
func WithPageSize(n int) Option {
	return func(c *Client) error {
		if n < 1 || n > 1000 {
			return fmt.Errorf("WithPageSize: %d is outside 1..1000", n)
		}
		c.pageSize = n
		return nil
	}
}

// WithConcurrency bounds the requests a Client has in flight at once (and
// so the pages or types fetched in parallel); the default is 4.
func WithConcurrency(n int) Option {
	return func(c *Client) error {
		if n < 1 {
			return fmt.Errorf("WithConcurrency: %d, want at least 1", n)
		}
		c.concurrency = n
		return nil
	}
}

// WithMaxRetries sets how many times a retryable failure is retried.
func WithMaxRetries(n int) Option {
	return func(c *Client) error {
		if n < 0 {
			return fmt.Errorf("WithMaxRetries: %d is negative", n)
		}
		c.maxRetries = n
		return nil
	}
}

// WithBackoff sets the first and the largest backoff delay used when the
// server sends no Retry-After.
func WithBackoff(base, max time.Duration) Option {
	return func(c *Client) error {
		if base <= 0 || max < base {
			return fmt.Errorf("WithBackoff: want 0 < base <= max (got %s, %s)", base, max)
		}
		c.backoffBase, c.backoffMax = base, max
		return nil
	}
}

// WithMaxRetryAfter caps how long one Retry-After makes the client wait
// (default 5 minutes). Tests against a sandbox that injects 429s use a
// small cap; against IT Glue keep the default.
func WithMaxRetryAfter(d time.Duration) Option {
	return func(c *Client) error {
		if d < 0 {
			return fmt.Errorf("WithMaxRetryAfter: %s is negative", d)
		}
		c.maxWait = d
		return nil
	}
}

// WithMaxBodyBytes sets the largest request body sent (default 10 MB, the
// API gateway's limit); bulk writes are split to stay under it.
func WithMaxBodyBytes(n int) Option {
	return func(c *Client) error {
		if n < 1024 {
			return fmt.Errorf("WithMaxBodyBytes: %d is too small", n)
		}
		c.maxBody = n
		return nil
	}
}

// WithBulkSize sets how many objects one bulk request carries (1 to 1000).
func WithBulkSize(n int) Option {
	return func(c *Client) error {
		if n < 1 || n > maxBulkItems {
			return fmt.Errorf("WithBulkSize: %d is outside 1..%d", n, maxBulkItems)
		}
		c.bulkSize = n
		return nil
	}
}

// WithDebug logs every request (method, URL, status, duration, attempt) to
// w. Headers and bodies are never logged, so neither the key nor a password
// can leak through it.
func WithDebug(w io.Writer) Option {
	return func(c *Client) error {
		c.debug = w
		return nil
	}
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(c *Client) error {
		c.userAgent = ua
		return nil
	}
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
		http:        &http.Client{Timeout: defaultTimeout},
		limiter:     rate.NewLimiter(rate.Limit(float64(DefaultRateRequests)/DefaultRateWindow.Seconds()), DefaultBurst),
		pageSize:    DefaultPageSize,
		concurrency: DefaultConcurrency,
		maxRetries:  DefaultMaxRetries,
		backoffBase: defaultBackoffBase,
		backoffMax:  defaultBackoffMax,
		maxWait:     defaultMaxRetryAfter,
		maxBody:     DefaultMaxBodyBytes,
		bulkSize:    DefaultBulkSize,
		userAgent:   "glue-sync",
		sleep:       time.After,
		stats:       newAccounting(),
	}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
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
