package github

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
)

// DefaultAPIURL is the API root of github.com.
const DefaultAPIURL = "https://api.github.com"

// maxBody caps how much of a response is read.
const maxBody = 16 << 20

// maxPages caps how many pages a list follows, so a misbehaving server
// cannot keep a run going forever.
const maxPages = 100

// Client talks to one GitHub (or GitHub Enterprise Server) API root.
type Client struct {
	base  *url.URL
	token string
	http  *http.Client
	// author is the login whose comments FindComment trusts; "" trusts
	// any bot account.
	author string
}

// Option changes a Client.
type Option func(*Client)

// WithHTTPClient sets the HTTP client (default: one with a 30 s timeout).
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithCommentAuthor makes FindComment (and so UpsertComment) trust only
// comments by login: for a personal access token, its user. By default
// only bot accounts' comments are trusted (github-actions[bot] for the
// workflow's GITHUB_TOKEN, or a GitHub App).
func WithCommentAuthor(login string) Option {
	return func(c *Client) { c.author = strings.TrimSpace(login) }
}

// New returns a client for the API at baseURL (DefaultAPIURL when empty)
// authenticating with token. The token may be empty for public reads, but
// every write then fails with a 401 or 404.
func New(baseURL, token string, opts ...Option) (*Client, error) {
	if baseURL == "" {
		baseURL = DefaultAPIURL
	}
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("GitHub API URL %q is not an http(s) URL: set GITHUB_API_URL to the API root, such as %s or https://HOST/api/v3", baseURL, DefaultAPIURL)
	}
	if u.User != nil {
		return nil, errors.New("GitHub API URL must not hold credentials: give the token in GITHUB_TOKEN")
	}
	u.RawQuery, u.Fragment = "", ""
	c := &Client{base: u, token: strings.TrimSpace(token), http: &http.Client{Timeout: 30 * time.Second}}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// Repo is a repository, "owner/name".
type Repo struct{ Owner, Name string }

// ParseRepo parses "owner/name" (GITHUB_REPOSITORY).
func ParseRepo(s string) (Repo, error) {
	o, n, ok := strings.Cut(s, "/")
	if !ok || o == "" || n == "" || strings.Contains(n, "/") || strings.ContainsAny(s, "?#% \t\n") {
		return Repo{}, fmt.Errorf("repository %q is not owner/name: set GITHUB_REPOSITORY (Actions sets it for you)", s)
	}
	return Repo{Owner: o, Name: n}, nil
}

func (r Repo) String() string { return r.Owner + "/" + r.Name }

func (r Repo) path(rest string) string {
	return "/repos/" + url.PathEscape(r.Owner) + "/" + url.PathEscape(r.Name) + rest
}

// Error is a failed request.
type Error struct {
	// Method and Path name the request (the path below the API root).
	Method, Path string
	// Status is the HTTP status; 0 when no response came.
	Status int
	// Message is GitHub's message (sanitised), with its field errors.
	Message string
	// Doing says what the request was for ("listing the comments of #12").
	Doing string
	// Permission is the workflow permission the request needs.
	Permission string
	// RateLimited is true when a 403 or 429 came from the rate limit.
	RateLimited bool
	err         error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Doing + ": ")
	if e.Status == 0 {
		fmt.Fprintf(&b, "%s %s: %v", e.Method, e.Path, e.err)
		return b.String()
	}
	fmt.Fprintf(&b, "%s %s: %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
	if e.Message != "" {
		b.WriteString(" (" + e.Message + ")")
	}
	switch {
	case e.RateLimited:
		b.WriteString("; GitHub's rate limit is used up: wait for it to reset and run again")
	case e.Status == http.StatusUnauthorized:
		b.WriteString("; the token was refused: set GITHUB_TOKEN (in a workflow: env: GITHUB_TOKEN: ${{ github.token }})")
	case e.Status == http.StatusForbidden:
		fmt.Fprintf(&b, "; the token lacks a permission: give the workflow job `permissions: %s`", e.Permission)
		b.WriteString(" (a pull request from a fork gets a read-only token: see docs/github.md)")
	case e.Status == http.StatusNotFound:
		fmt.Fprintf(&b, "; either it does not exist or the token cannot see it: check GITHUB_REPOSITORY and give the job `permissions: %s`", e.Permission)
	case e.Status == http.StatusUnprocessableEntity:
		b.WriteString("; GitHub refused the content")
	}
	return b.String()
}

// Unwrap returns the transport error, if any.
func (e *Error) Unwrap() error { return e.err }

// request is one call.
type request struct {
	method, path string
	query        url.Values
	body         any
	doing, perm  string
}

// do sends req and decodes the JSON answer into out (nil to discard). It
// returns the next page's URL from the Link header, if any.
func (c *Client) do(ctx context.Context, req request, out any) (next string, err error) {
	target := c.base.String() + req.path
	if len(req.query) > 0 {
		target += "?" + req.query.Encode()
	}
	return c.doURL(ctx, req, target, out)
}

func (c *Client) doURL(ctx context.Context, req request, target string, out any) (string, error) {
	fail := func(status int, msg string, err error) *Error {
		return &Error{Method: req.method, Path: c.shortPath(target), Status: status, Message: msg,
			Doing: req.doing, Permission: req.perm, err: c.scrubErr(err)}
	}
	var body io.Reader
	if req.body != nil {
		b, err := json.Marshal(req.body)
		if err != nil {
			return "", fail(0, "", err)
		}
		body = bytes.NewReader(b)
	}
	hr, err := http.NewRequestWithContext(ctx, req.method, target, body)
	if err != nil {
		return "", fail(0, "", err)
	}
	hr.Header.Set("Accept", "application/vnd.github+json")
	hr.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	hr.Header.Set("User-Agent", "glue-sync")
	if req.body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		hr.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(hr)
	if err != nil {
		return "", fail(0, "", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return "", fail(resp.StatusCode, "", err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := fail(resp.StatusCode, c.message(data), nil)
		e.RateLimited = resp.StatusCode == http.StatusTooManyRequests ||
			(resp.StatusCode == http.StatusForbidden && resp.Header.Get("X-RateLimit-Remaining") == "0")
		return "", e
	}
	if out != nil && resp.StatusCode != http.StatusNoContent {
		if err := json.Unmarshal(data, out); err != nil {
			return "", fail(resp.StatusCode, "", fmt.Errorf("decoding the answer: %w", err))
		}
	}
	return c.nextLink(resp.Header.Get("Link")), nil
}

// shortPath is target below the API root, for messages.
func (c *Client) shortPath(target string) string {
	u, err := url.Parse(target)
	if err != nil {
		return "?"
	}
	p := strings.TrimPrefix(u.EscapedPath(), c.base.EscapedPath())
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return c.scrub(sanitize(p))
}

// message extracts GitHub's error message and field errors.
func (c *Client) message(data []byte) string {
	var e struct {
		Message string `json:"message"`
		Errors  []struct {
			Resource string `json:"resource"`
			Field    string `json:"field"`
			Code     string `json:"code"`
			Message  string `json:"message"`
		} `json:"errors"`
	}
	if json.Unmarshal(data, &e) != nil {
		return ""
	}
	parts := []string{e.Message}
	for _, fe := range e.Errors {
		switch {
		case fe.Message != "":
			parts = append(parts, fe.Message)
		case fe.Field != "":
			parts = append(parts, fe.Field+" "+fe.Code)
		}
	}
	msg := strings.Join(parts, ": ")
	if len(msg) > 500 {
		msg = msg[:500] + "…"
	}
	return c.scrub(sanitize(msg))
}

// nextLink returns the rel="next" URL of a Link header when it points at
// the same API root; the token is never sent anywhere else.
func (c *Client) nextLink(h string) string {
	for _, part := range strings.Split(h, ",") {
		seg := strings.Split(part, ";")
		if len(seg) < 2 {
			continue
		}
		raw := strings.TrimSpace(seg[0])
		if !strings.HasPrefix(raw, "<") || !strings.HasSuffix(raw, ">") {
			continue
		}
		isNext := false
		for _, p := range seg[1:] {
			if strings.ReplaceAll(strings.TrimSpace(p), " ", "") == `rel="next"` {
				isNext = true
			}
		}
		if !isNext {
			continue
		}
		u, err := url.Parse(raw[1 : len(raw)-1])
		if err != nil || u.Scheme != c.base.Scheme || u.Host != c.base.Host || !strings.HasPrefix(u.Path, c.base.Path+"/") {
			return ""
		}
		return u.String()
	}
	return ""
}

// scrub removes the token from s.
func (c *Client) scrub(s string) string {
	if c.token == "" {
		return s
	}
	return strings.ReplaceAll(s, c.token, "***")
}

func (c *Client) scrubErr(err error) error {
	if err == nil || c.token == "" || !strings.Contains(err.Error(), c.token) {
		return err
	}
	return errors.New(c.scrub(err.Error()))
}

// sanitize makes control characters visible.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') {
			return '?'
		}
		return r
	}, s)
}

// list follows the Link header from req, decoding each page into a slice
// of T, and returns every item.
func list[T any](ctx context.Context, c *Client, req request) ([]T, error) {
	if req.query == nil {
		req.query = url.Values{}
	}
	req.query.Set("per_page", "100")
	var all []T
	var page []T
	next, err := c.do(ctx, req, &page)
	for n := 1; ; n++ {
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if next == "" {
			return all, nil
		}
		if n >= maxPages {
			return nil, fmt.Errorf("%s: more than %d pages; stopping", req.doing, maxPages)
		}
		page = nil
		next, err = c.doURL(ctx, req, next, &page)
	}
}
