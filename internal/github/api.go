package github

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Comment is an issue or pull-request comment.
type Comment struct {
	ID      int64  `json:"id"`
	Body    string `json:"body"`
	HTMLURL string `json:"html_url"`
	User    User   `json:"user"`
}

// User is a comment's author.
type User struct {
	Login string `json:"login"`
	// Type is "Bot" for GitHub Apps and github-actions[bot], "User" for
	// people (and personal access tokens).
	Type string `json:"type"`
}

// PullRequest is the part of a pull request glue-sync reads.
type PullRequest struct {
	Number int    `json:"number"`
	State  string `json:"state"`
	Title  string `json:"title"`
	// MergedAt is set once merged.
	MergedAt       string `json:"merged_at"`
	MergeCommitSHA string `json:"merge_commit_sha"`
	HTMLURL        string `json:"html_url"`
	Head           struct {
		SHA string `json:"sha"`
	} `json:"head"`
	Base struct {
		SHA string `json:"sha"`
		Ref string `json:"ref"`
	} `json:"base"`
}

// Issue is the part of an issue glue-sync reads.
type Issue struct {
	Number  int    `json:"number"`
	Title   string `json:"title"`
	Body    string `json:"body"`
	State   string `json:"state"`
	HTMLURL string `json:"html_url"`
	// PullRequest is set when the "issue" is a pull request.
	PullRequest *struct{} `json:"pull_request,omitempty"`
}

// The permissions named in errors.
const (
	permPRWrite      = "pull-requests: write"
	permCommentWrite = "pull-requests: write (issues: write for an issue)"
	permPRRead       = "pull-requests: read, contents: read"
	permIssuesWrite  = "issues: write"
)

// ListComments returns every comment of issue or pull request number,
// oldest first, following the pages.
func (c *Client) ListComments(ctx context.Context, r Repo, number int) ([]Comment, error) {
	return list[Comment](ctx, c, request{method: http.MethodGet, path: r.path("/issues/" + strconv.Itoa(number) + "/comments"),
		doing: fmt.Sprintf("listing the comments of %s#%d", r, number), perm: permPRWrite})
}

// CreateComment adds a comment to issue or pull request number.
func (c *Client) CreateComment(ctx context.Context, r Repo, number int, body string) (*Comment, error) {
	var out Comment
	_, err := c.do(ctx, request{method: http.MethodPost, path: r.path("/issues/" + strconv.Itoa(number) + "/comments"),
		body: map[string]string{"body": body}, doing: fmt.Sprintf("commenting on %s#%d", r, number), perm: permCommentWrite}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateComment replaces the body of comment id.
func (c *Client) UpdateComment(ctx context.Context, r Repo, id int64, body string) (*Comment, error) {
	var out Comment
	_, err := c.do(ctx, request{method: http.MethodPatch, path: r.path("/issues/comments/" + strconv.FormatInt(id, 10)),
		body: map[string]string{"body": body}, doing: fmt.Sprintf("editing comment %d in %s", id, r), perm: permCommentWrite}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// FindComment returns the first comment of number whose body holds
// marker and whose author glue-sync trusts (see WithCommentAuthor), or
// nil. Comments by anyone else are ignored even when they copy the
// marker, so that nobody can plant a "reviewed plan".
func (c *Client) FindComment(ctx context.Context, r Repo, number int, marker string) (*Comment, error) {
	cs, err := c.ListComments(ctx, r, number)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		if strings.Contains(cs[i].Body, marker) && c.trusted(cs[i].User) {
			return &cs[i], nil
		}
	}
	return nil, nil
}

// trusted reports whether u may have written glue-sync's comments.
func (c *Client) trusted(u User) bool {
	if c.author != "" {
		return strings.EqualFold(u.Login, c.author)
	}
	return u.Type == "Bot"
}

// UpsertComment edits the comment of number holding marker, or creates
// one when there is none; created says which. body must hold marker, so
// that the next run finds it.
func (c *Client) UpsertComment(ctx context.Context, r Repo, number int, marker, body string) (cm *Comment, created bool, err error) {
	if !strings.Contains(body, marker) {
		return nil, false, fmt.Errorf("comment body lacks its marker %q", marker)
	}
	old, err := c.FindComment(ctx, r, number, marker)
	if err != nil {
		return nil, false, err
	}
	if old == nil {
		cm, err = c.CreateComment(ctx, r, number, body)
		return cm, true, err
	}
	cm, err = c.UpdateComment(ctx, r, old.ID, body)
	return cm, false, err
}

// PullsForCommit returns the pull requests associated with commit sha
// (for a pushed merge commit: the pull request it merged).
func (c *Client) PullsForCommit(ctx context.Context, r Repo, sha string) ([]PullRequest, error) {
	if sha == "" || strings.ContainsAny(sha, "/?#% ") {
		return nil, fmt.Errorf("finding the pull request of commit %q: not a commit id", sha)
	}
	return list[PullRequest](ctx, c, request{method: http.MethodGet, path: r.path("/commits/" + sha + "/pulls"),
		doing: fmt.Sprintf("finding the pull request of commit %s in %s", sha, r), perm: permPRRead})
}

// OpenIssues returns the open issues (not pull requests) carrying label.
func (c *Client) OpenIssues(ctx context.Context, r Repo, label string) ([]Issue, error) {
	all, err := list[Issue](ctx, c, request{method: http.MethodGet, path: r.path("/issues"),
		query: url.Values{"state": {"open"}, "labels": {label}},
		doing: fmt.Sprintf("listing the open issues labelled %q in %s", label, r), perm: permIssuesWrite})
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, is := range all {
		if is.PullRequest == nil {
			out = append(out, is)
		}
	}
	return out, nil
}

// CreateIssue opens an issue.
func (c *Client) CreateIssue(ctx context.Context, r Repo, title, body string, labels []string) (*Issue, error) {
	var out Issue
	_, err := c.do(ctx, request{method: http.MethodPost, path: r.path("/issues"),
		body:  map[string]any{"title": title, "body": body, "labels": labels},
		doing: "opening an issue in " + r.String(), perm: permIssuesWrite}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// IssueUpdate is an issue edit; nil fields are left as they are.
type IssueUpdate struct {
	Title *string `json:"title,omitempty"`
	Body  *string `json:"body,omitempty"`
	// State is "open" or "closed".
	State *string `json:"state,omitempty"`
}

// UpdateIssue edits issue number.
func (c *Client) UpdateIssue(ctx context.Context, r Repo, number int, u IssueUpdate) (*Issue, error) {
	var out Issue
	_, err := c.do(ctx, request{method: http.MethodPatch, path: r.path("/issues/" + strconv.Itoa(number)),
		body: u, doing: fmt.Sprintf("editing issue %s#%d", r, number), perm: permIssuesWrite}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}
