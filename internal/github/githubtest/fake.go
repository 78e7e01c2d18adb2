package githubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Comment is a stored comment.
type Comment struct {
	ID     int64
	Number int // the issue or pull request
	Body   string
	// Login and Type are the author's ("github-actions[bot]", "Bot" for
	// comments posted through the API).
	Login, Type string
}

// Issue is a stored issue.
type Issue struct {
	Number int
	Title  string
	Body   string
	State  string
	Labels []string
}

// PR is what the fake answers for a commit's pull requests.
type PR struct {
	Number           int
	HeadSHA, BaseSHA string
	MergeSHA         string
	Merged           bool
}

// Fake is a running fake GitHub API.
type Fake struct {
	// URL is the API root (with the prefix), to give the client.
	URL string
	// Token is the only token accepted.
	Token string
	// PageSize is how many items a list page holds (default 100).
	PageSize int
	// Login and Type are who the token posts as (default
	// "github-actions[bot]", "Bot"); set "someone", "User" for a
	// personal access token.
	Login, Type string

	mu       sync.Mutex
	comments []*Comment
	issues   []*Issue
	pulls    map[string][]PR
	fail     map[string]int
	nextID   int64
	requests []string
	repo     string
}

// Start runs a fake for repository repo ("owner/name") under prefix
// ("" for github.com, "/api/v3" for GHES), closed at test cleanup.
func Start(t testing.TB, repo, prefix string) *Fake {
	t.Helper()
	f := &Fake{Token: "ghs_fakeTOKEN0123456789abcdef", PageSize: 100, Login: "github-actions[bot]", Type: "Bot", pulls: map[string][]PR{},
		fail: map[string]int{}, nextID: 1000, repo: repo}
	mux := http.NewServeMux()
	mux.Handle(prefix+"/", http.StripPrefix(prefix, http.HandlerFunc(f.serve)))
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	f.URL = hs.URL + prefix
	return f
}

// Fail makes requests "METHOD /path" (below the prefix, no query) answer
// status; 0 removes the fault.
func (f *Fake) Fail(methodPath string, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if status == 0 {
		delete(f.fail, methodPath)
		return
	}
	f.fail[methodPath] = status
}

// SetPulls sets the pull requests of commit sha.
func (f *Fake) SetPulls(sha string, prs ...PR) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pulls[sha] = prs
}

// AddComment stores a comment as if a person ("someone") wrote it.
func (f *Fake) AddComment(number int, body string) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	f.comments = append(f.comments, &Comment{ID: f.nextID, Number: number, Body: body, Login: "someone", Type: "User"})
	return f.nextID
}

// Comments returns the comments of number, oldest first.
func (f *Fake) Comments(number int) []Comment {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Comment
	for _, c := range f.comments {
		if c.Number == number {
			out = append(out, *c)
		}
	}
	return out
}

// Issues returns every issue.
func (f *Fake) Issues() []Issue {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Issue
	for _, is := range f.issues {
		out = append(out, *is)
	}
	return out
}

// Requests returns "METHOD /path?query" of every request so far.
func (f *Fake) Requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

var (
	reComments    = regexp.MustCompile(`^/repos/([^/]+/[^/]+)/issues/(\d+)/comments$`)
	reComment     = regexp.MustCompile(`^/repos/([^/]+/[^/]+)/issues/comments/(\d+)$`)
	reIssues      = regexp.MustCompile(`^/repos/([^/]+/[^/]+)/issues$`)
	reIssue       = regexp.MustCompile(`^/repos/([^/]+/[^/]+)/issues/(\d+)$`)
	reCommitPulls = regexp.MustCompile(`^/repos/([^/]+/[^/]+)/commits/([0-9a-fA-F]+)/pulls$`)
)

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, r.Method+" "+r.URL.RequestURI())
	if st := f.fail[r.Method+" "+r.URL.Path]; st != 0 {
		msg := map[int]string{403: "Resource not accessible by integration", 404: "Not Found", 422: "Validation Failed"}[st]
		body := map[string]any{"message": msg}
		if st == 422 {
			body["errors"] = []map[string]string{{"resource": "IssueComment", "field": "body", "code": "custom", "message": "body is too long (maximum is 65536 characters)"}}
		}
		writeJSON(w, st, body)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+f.Token {
		writeJSON(w, 401, map[string]any{"message": "Bad credentials"})
		return
	}
	path := r.URL.Path
	repoOK := func(m []string) bool { return m != nil && m[1] == f.repo }
	switch {
	case r.Method == "GET" && repoOK(reComments.FindStringSubmatch(path)):
		n, _ := strconv.Atoi(reComments.FindStringSubmatch(path)[2])
		var items []any
		for _, c := range f.comments {
			if c.Number == n {
				items = append(items, commentJSON(c))
			}
		}
		f.page(w, r, items)
	case r.Method == "POST" && repoOK(reComments.FindStringSubmatch(path)):
		n, _ := strconv.Atoi(reComments.FindStringSubmatch(path)[2])
		var in struct{ Body string }
		if !readJSON(w, r, &in) {
			return
		}
		if len([]rune(in.Body)) > 65536 {
			writeJSON(w, 422, map[string]any{"message": "Validation Failed", "errors": []map[string]string{{"message": "body is too long (maximum is 65536 characters)"}}})
			return
		}
		f.nextID++
		c := &Comment{ID: f.nextID, Number: n, Body: in.Body, Login: f.Login, Type: f.Type}
		f.comments = append(f.comments, c)
		writeJSON(w, 201, commentJSON(c))
	case r.Method == "PATCH" && repoOK(reComment.FindStringSubmatch(path)):
		id, _ := strconv.ParseInt(reComment.FindStringSubmatch(path)[2], 10, 64)
		var in struct{ Body string }
		if !readJSON(w, r, &in) {
			return
		}
		if len([]rune(in.Body)) > 65536 {
			writeJSON(w, 422, map[string]any{"message": "Validation Failed", "errors": []map[string]string{{"message": "body is too long (maximum is 65536 characters)"}}})
			return
		}
		for _, c := range f.comments {
			if c.ID == id {
				c.Body = in.Body
				writeJSON(w, 200, commentJSON(c))
				return
			}
		}
		writeJSON(w, 404, map[string]any{"message": "Not Found"})
	case r.Method == "GET" && repoOK(reCommitPulls.FindStringSubmatch(path)):
		sha := reCommitPulls.FindStringSubmatch(path)[2]
		var items []any
		for _, p := range f.pulls[sha] {
			m := map[string]any{"number": p.Number, "state": "open", "head": map[string]any{"sha": p.HeadSHA},
				"base": map[string]any{"sha": p.BaseSHA, "ref": "main"}, "merge_commit_sha": p.MergeSHA, "html_url": fmt.Sprintf("https://github.example/%s/pull/%d", f.repo, p.Number)}
			if p.Merged {
				m["state"], m["merged_at"] = "closed", "2026-01-01T00:00:00Z"
			}
			items = append(items, m)
		}
		f.page(w, r, items)
	case r.Method == "GET" && repoOK(reIssues.FindStringSubmatch(path)):
		state, label := r.URL.Query().Get("state"), r.URL.Query().Get("labels")
		var items []any
		for _, is := range f.issues {
			if (state == "" || state == "all" || is.State == state) && (label == "" || slices.Contains(is.Labels, label)) {
				items = append(items, issueJSON(is))
			}
		}
		f.page(w, r, items)
	case r.Method == "POST" && repoOK(reIssues.FindStringSubmatch(path)):
		var in struct {
			Title, Body string
			Labels      []string
		}
		if !readJSON(w, r, &in) {
			return
		}
		if in.Title == "" {
			writeJSON(w, 422, map[string]any{"message": "Validation Failed", "errors": []map[string]string{{"field": "title", "code": "missing_field"}}})
			return
		}
		is := &Issue{Number: len(f.issues) + 1, Title: in.Title, Body: in.Body, State: "open", Labels: in.Labels}
		f.issues = append(f.issues, is)
		writeJSON(w, 201, issueJSON(is))
	case r.Method == "PATCH" && repoOK(reIssue.FindStringSubmatch(path)):
		n, _ := strconv.Atoi(reIssue.FindStringSubmatch(path)[2])
		var in struct{ Title, Body, State *string }
		if !readJSON(w, r, &in) {
			return
		}
		for _, is := range f.issues {
			if is.Number == n {
				if in.Title != nil {
					is.Title = *in.Title
				}
				if in.Body != nil {
					is.Body = *in.Body
				}
				if in.State != nil {
					is.State = *in.State
				}
				writeJSON(w, 200, issueJSON(is))
				return
			}
		}
		writeJSON(w, 404, map[string]any{"message": "Not Found"})
	default:
		writeJSON(w, 404, map[string]any{"message": "Not Found"})
	}
}

// page writes one page of items with a Link header to the next.
func (f *Fake) page(w http.ResponseWriter, r *http.Request, items []any) {
	size := f.PageSize
	if pp, err := strconv.Atoi(r.URL.Query().Get("per_page")); err == nil && pp > 0 && pp < size {
		size = pp
	}
	pg, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pg = max(pg, 1)
	lo := min((pg-1)*size, len(items))
	hi := min(lo+size, len(items))
	if hi < len(items) {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(pg+1))
		next := strings.TrimSuffix(f.URL, "") + r.URL.Path + "?" + q.Encode()
		w.Header().Set("Link", fmt.Sprintf(`<%s>; rel="next", <%s>; rel="last"`, next, next))
	}
	out := items[lo:hi]
	if out == nil {
		out = []any{}
	}
	writeJSON(w, 200, out)
}

func commentJSON(c *Comment) map[string]any {
	return map[string]any{"id": c.ID, "body": c.Body, "html_url": fmt.Sprintf("https://github.example/c/%d", c.ID),
		"user": map[string]any{"login": c.Login, "type": c.Type}}
}

func issueJSON(is *Issue) map[string]any {
	var labels []map[string]string
	for _, l := range is.Labels {
		labels = append(labels, map[string]string{"name": l})
	}
	return map[string]any{"number": is.Number, "title": is.Title, "body": is.Body, "state": is.State, "labels": labels,
		"html_url": fmt.Sprintf("https://github.example/issues/%d", is.Number)}
}

func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeJSON(w, 400, map[string]any{"message": "Problems parsing JSON"})
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
